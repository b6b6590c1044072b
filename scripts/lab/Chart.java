import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;
import org.yaml.snakeyaml.Yaml;

/**
 * The lab's pictures for a slide, drawn with XChart from the lab's JSON (run headless, on the test class path: the
 * chart library is never in the service's image or runtime class path):
 *
 * <pre>
 * java -Djava.awt.headless=true -cp TEST_CLASSPATH scripts/lab/Chart.java LADDER.json SCORECARD.json OUT_DIR
 *     OUT_DIR/ladder.png: the size of each rung (log scale) beside the attacks that worked on it, per pod spec.
 *     OUT_DIR/matrix.png: the matrix as a grid, attack by image and pod spec, red where the attack worked; each
 *     column's label ends with the number of attacks that worked there.
 * </pre>
 */
public class Chart {
    static final Color WORKED = new Color(0xC6, 0x28, 0x28);
    static final Color BLOCKED = new Color(0xDD, 0xEE, 0xDD);
    static final Color SIZE = new Color(0x45, 0x5A, 0x64);
    static final Color[] SPEC_COLORS = {new Color(0xE5, 0x73, 0x73), new Color(0x2E, 0x7D, 0x32)};

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Chart LADDER.json SCORECARD.json OUT_DIR");
            System.exit(2);
        }
        Map<String, Object> ladder = read(Path.of(args[0]));
        Map<String, Object> scorecard = read(Path.of(args[1]));
        Path out = Path.of(args[2]);
        List<Map<String, Object>> rungs = (List<Map<String, Object>>) ladder.get("rungs");
        List<Map<String, Object>> columns = (List<Map<String, Object>>) scorecard.get("columns");
        List<Map<String, Object>> attacks = (List<Map<String, Object>>) scorecard.get("attacks");

        BufferedImage sizes = BitmapEncoder.getBufferedImage(sizeChart(rungs));
        BufferedImage worked = BitmapEncoder.getBufferedImage(workedChart(rungs, columns, attacks.size()));
        BufferedImage both = new BufferedImage(sizes.getWidth() + worked.getWidth(), sizes.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(sizes, 0, 0, null);
        g.drawImage(worked, sizes.getWidth(), 0, null);
        g.dispose();
        ImageIO.write(both, "png", out.resolve("ladder.png").toFile());
        BitmapEncoder.saveBitmap(matrixChart(columns, attacks), out.resolve("matrix.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        System.out.println("wrote " + out.resolve("ladder.png") + " and " + out.resolve("matrix.png"));
    }

    static CategoryChart sizeChart(List<Map<String, Object>> rungs) {
        CategoryChart chart = new CategoryChartBuilder().width(620).height(440)
                .title("Image size per rung (MB, log scale)").xAxisTitle("rung").yAxisTitle("MB").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true).setYAxisMin(10.0).setYAxisMax(2000.0).setYAxisDecimalPattern("#,##0");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true).setLabelsFontColorAutomaticEnabled(false)
                .setLabelsFontColor(Color.WHITE).setLabelsPosition(0.85);
        List<String> names = new ArrayList<>();
        List<Double> megabytes = new ArrayList<>();
        for (Map<String, Object> rung : rungs) {
            names.add((String) rung.get("rung"));
            megabytes.add(Math.round(((Number) rung.get("imageBytes")).doubleValue() / 1e5) / 10.0);
        }
        chart.addSeries("image size", names, megabytes).setFillColor(SIZE);
        return chart;
    }

    static CategoryChart workedChart(List<Map<String, Object>> rungs, List<Map<String, Object>> columns, int total) {
        CategoryChart chart = new CategoryChartBuilder().width(620).height(440)
                .title("Attacks that worked, of " + total).xAxisTitle("rung").yAxisTitle("attacks").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisMax((double) total).setYAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLabelsVisible(true);
        List<String> specs = columns.stream().map(c -> (String) c.get("spec")).distinct().toList();
        List<String> names = rungs.stream().map(r -> (String) r.get("rung")).toList();
        for (int s = 0; s < specs.size(); s++) {
            List<Integer> counts = new ArrayList<>();
            for (String rung : names) {
                String spec = specs.get(s);
                counts.add(columns.stream().filter(c -> rung.equals(c.get("image")) && spec.equals(c.get("spec")))
                        .map(c -> ((Number) c.get("worked")).intValue()).findFirst().orElse(0));
            }
            chart.addSeries(specs.get(s) + " pod", names, counts)
                    .setFillColor(SPEC_COLORS[s % SPEC_COLORS.length]);
        }
        return chart;
    }

    @SuppressWarnings("unchecked")
    static HeatMapChart matrixChart(List<Map<String, Object>> columns, List<Map<String, Object>> attacks) {
        HeatMapChart chart = new HeatMapChartBuilder().width(1240).height(160 + 30 * attacks.size())
                .title("Which attack worked where (red: it worked; green: it did not)").build();
        style(chart.getStyler());
        chart.getStyler().setRangeColors(new Color[] {BLOCKED, WORKED}).setMin(0).setMax(1).setPiecewise(true)
                .setPiecewiseRanged(false).setSplitNumber(2).setShowValue(false).setDrawBorder(true)
                .setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        // Column labels carry the column's count: "fat/insecure: 16".
        List<String> x = columns.stream().map(c -> c.get("column") + ": " + c.get("worked")).toList();
        List<String> y = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        for (int a = attacks.size() - 1; a >= 0; a--) { // the first attack at the top
            Map<String, Object> attack = attacks.get(a);
            y.add((String) attack.get("attack"));
            Map<String, Map<String, String>> results = (Map<String, Map<String, String>>) attack.get("results");
            for (int c = 0; c < x.size(); c++) {
                boolean works = "works".equals(results.get((String) columns.get(c).get("column")).get("result"));
                cells.add(new Number[] {c, y.size() - 1, works ? 1 : 0});
            }
        }
        chart.addSeries("matrix", x, y, cells);
        return chart;
    }

    static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16)).setChartTitleBoxVisible(false)
                .setLegendBorderColor(Color.WHITE).setAntiAlias(true);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path json) throws IOException {
        try (Reader reader = Files.newBufferedReader(json)) {
            return new Yaml().load(reader); // JSON is YAML
        }
    }
}
