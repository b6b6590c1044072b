import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.yaml.snakeyaml.Yaml;

/**
 * The lab's pictures for a slide, from the lab's JSON, each as a PNG and an SVG drawn from the same shapes (run
 * headless, outside the service's image and runtime class path):
 *
 * <pre>
 * java -Djava.awt.headless=true -cp SNAKEYAML_JAR scripts/lab/Chart.java LADDER.json SCORECARD.json OUT_DIR
 *     OUT_DIR/ladder.png, .svg: 16:9; each rung's image size on a linear scale (so 693 MB is six times 112 MB, as
 *         it is) beside the attacks that worked on it under each pod spec.
 *     OUT_DIR/matrix.png, .svg: attack by column (image/pod spec), each cell saying what happened: "works",
 *         "blocked" (a layer stopped it) or "nothing to find" (it worked nowhere: there was nothing to stop);
 *         colour repeats the word, never replaces it.
 * </pre>
 */
public class Chart {
    static final Color INK = new Color(0x1B, 0x1B, 0x1F);
    static final Color MUTED = new Color(0x55, 0x57, 0x5E);
    static final Color GRID = new Color(0xD5, 0xD7, 0xDC);
    static final Color SIZE = new Color(0x45, 0x5A, 0x64);
    static final Color WORKED = new Color(0xC6, 0x28, 0x28);
    static final Color BLOCKED = new Color(0xD7, 0xEC, 0xD9);
    static final Color NOTHING = new Color(0xEC, 0xEC, 0xEE);
    static final Color[] SPEC_COLORS = {new Color(0xE5, 0x73, 0x73), new Color(0x2E, 0x7D, 0x32)};
    static final String NOWHERE = "nothing to find here: it worked in no column"; // Matrix.NOWHERE

    /** What a picture is made of; drawn once into a PNG and once into an SVG. */
    sealed interface Shape permits Box, Text, Line {
    }

    record Box(double x, double y, double width, double height, Color fill, Color stroke) implements Shape {
    }

    /** Text at a baseline; anchor is "start", "middle" or "end". */
    record Text(double x, double y, String text, int size, boolean bold, Color color, String anchor)
            implements Shape {
    }

    record Line(double x1, double y1, double x2, double y2, Color color, double width) implements Shape {
    }

    record Picture(int width, int height, List<Shape> shapes) {
    }

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
        write(ladder(rungs, columns, attacks.size()), out.resolve("ladder"));
        write(matrix(columns, attacks), out.resolve("matrix"));
        System.out.println("wrote " + out.resolve("ladder.png") + ", " + out.resolve("matrix.png")
                + " and an .svg of each");
    }

    /** 1920 x 1080: sizes on the left, attacks that worked on the right, labels readable from the back. */
    static Picture ladder(List<Map<String, Object>> rungs, List<Map<String, Object>> columns, int total) {
        List<Shape> shapes = new ArrayList<>();
        int width = 1920;
        int height = 1080;
        double top = 170;
        double bottom = 930;
        List<String> names = rungs.stream().map(r -> (String) r.get("rung")).toList();
        List<Double> megabytes = rungs.stream()
                .map(r -> ((Number) r.get("imageBytes")).doubleValue() / 1e6).toList();
        double largest = megabytes.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double scale = niceCeiling(largest);

        // Left: image size, linear.
        double left = 150;
        double right = 900;
        shapes.add(new Text((left + right) / 2, 90, "Image size (MB)", 44, true, INK, "middle"));
        axis(shapes, left, right, top, bottom, scale, 5, "%.0f");
        double slot = (right - left) / names.size();
        for (int i = 0; i < names.size(); i++) {
            double barHeight = (bottom - top) * megabytes.get(i) / scale;
            double x = left + slot * i + slot * 0.15;
            shapes.add(new Box(x, bottom - barHeight, slot * 0.7, barHeight, SIZE, null));
            shapes.add(new Text(x + slot * 0.35, bottom - barHeight - 14,
                    String.format(Locale.ROOT, "%.0f", megabytes.get(i)), 36, true, INK, "middle"));
            shapes.add(new Text(left + slot * (i + 0.5), bottom + 50, names.get(i), 32, false, INK, "middle"));
        }

        // Right: attacks that worked, per pod spec.
        left = 1080;
        right = 1860;
        List<String> specs = columns.stream().map(c -> (String) c.get("spec")).distinct().toList();
        shapes.add(new Text((left + right) / 2, 90, "Attacks that worked, of " + total, 44, true, INK, "middle"));
        axis(shapes, left, right, top, bottom, total, Math.min(total, 5), "%.0f");
        slot = (right - left) / names.size();
        double bar = slot * 0.8 / Math.max(1, specs.size());
        for (int i = 0; i < names.size(); i++) {
            String rung = names.get(i);
            for (int s = 0; s < specs.size(); s++) {
                String spec = specs.get(s);
                Integer worked = columns.stream()
                        .filter(c -> rung.equals(c.get("image")) && spec.equals(c.get("spec")))
                        .map(c -> ((Number) c.get("worked")).intValue()).findFirst().orElse(null);
                double x = left + slot * i + slot * 0.1 + bar * s;
                if (worked == null) {
                    continue;
                }
                double barHeight = (bottom - top) * worked / Math.max(1, total);
                shapes.add(new Box(x, bottom - barHeight, bar * 0.92, barHeight,
                        SPEC_COLORS[s % SPEC_COLORS.length], null));
                shapes.add(new Text(x + bar * 0.46, bottom - barHeight - 12, String.valueOf(worked), 32, true, INK,
                        "middle"));
            }
            shapes.add(new Text(left + slot * (i + 0.5), bottom + 50, rung, 32, false, INK, "middle"));
        }
        // The legend, under the right-hand chart.
        double legendX = left;
        for (int s = 0; s < specs.size(); s++) {
            shapes.add(new Box(legendX, 1010, 34, 34, SPEC_COLORS[s % SPEC_COLORS.length], null));
            shapes.add(new Text(legendX + 46, 1040, specs.get(s) + " pod", 32, false, INK, "start"));
            legendX += 320;
        }
        return new Picture(width, height, shapes);
    }

    /** A y axis with gridlines from 0 to max, and its labels. */
    static void axis(List<Shape> shapes, double left, double right, double top, double bottom, double max, int steps,
                     String format) {
        for (int i = 0; i <= steps; i++) {
            double value = max * i / steps;
            double y = bottom - (bottom - top) * i / steps;
            shapes.add(new Line(left, y, right, y, i == 0 ? INK : GRID, i == 0 ? 3 : 1.5));
            shapes.add(new Text(left - 16, y + 10, String.format(Locale.ROOT, format, value), 28, false, MUTED,
                    "end"));
        }
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above the value. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    /** The grid: one row an attack, one column an image/spec; every cell says its result in words. */
    @SuppressWarnings("unchecked")
    static Picture matrix(List<Map<String, Object>> columns, List<Map<String, Object>> attacks) {
        List<Shape> shapes = new ArrayList<>();
        double labelWidth = 330;
        double cell = 170;
        double rowHeight = 46;
        double top = 190;
        int width = (int) (labelWidth + cell * columns.size() + 40);
        int height = (int) (top + rowHeight * attacks.size() + 120);
        shapes.add(new Box(0, 0, width, height, Color.WHITE, null));
        shapes.add(new Text(20, 50, "Which attack worked where", 38, true, INK, "start"));
        shapes.add(new Text(20, 92, "works: the attack succeeded.  blocked: a layer (image or pod spec) stopped it.  "
                + "nothing to find: it worked nowhere.", 22, false, MUTED, "start"));
        for (int c = 0; c < columns.size(); c++) {
            Map<String, Object> column = columns.get(c);
            double x = labelWidth + cell * c + cell / 2;
            shapes.add(new Text(x, 140, (String) column.get("image"), 22, true, INK, "middle"));
            shapes.add(new Text(x, 170, column.get("spec") + " (" + column.get("worked") + ")", 22, false, INK,
                    "middle"));
        }
        for (int a = 0; a < attacks.size(); a++) {
            Map<String, Object> attack = attacks.get(a);
            double y = top + rowHeight * a;
            shapes.add(new Text(labelWidth - 14, y + rowHeight * 0.68, (String) attack.get("attack"), 22, false, INK,
                    "end"));
            boolean nowhere = ((List<String>) attack.getOrDefault("stoppedBy", List.of())).contains(NOWHERE);
            Map<String, Map<String, String>> results = (Map<String, Map<String, String>>) attack.get("results");
            for (int c = 0; c < columns.size(); c++) {
                boolean works = "works".equals(results.get((String) columns.get(c).get("column")).get("result"));
                String word = works ? "works" : nowhere ? "nothing to find" : "blocked";
                Color fill = works ? WORKED : nowhere ? NOTHING : BLOCKED;
                double x = labelWidth + cell * c;
                shapes.add(new Box(x, y, cell, rowHeight, fill, Color.WHITE));
                shapes.add(new Text(x + cell / 2, y + rowHeight * 0.66, word, 20, works, works ? Color.WHITE : INK,
                        "middle"));
            }
        }
        shapes.add(new Text(20, height - 40, "In brackets under each column: how many attacks worked there, of "
                + attacks.size() + ".", 22, false, MUTED, "start"));
        return new Picture(width, height, shapes);
    }

    static void write(Picture picture, Path base) throws IOException {
        ImageIO.write(png(picture), "png", Path.of(base + ".png").toFile());
        Files.writeString(Path.of(base + ".svg"), svg(picture));
    }

    static BufferedImage png(Picture picture) {
        BufferedImage image = new BufferedImage(picture.width(), picture.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, picture.width(), picture.height());
        for (Shape shape : picture.shapes()) {
            switch (shape) {
                case Box b -> {
                    g.setColor(b.fill());
                    g.fill(new java.awt.geom.Rectangle2D.Double(b.x(), b.y(), b.width(), b.height()));
                    if (b.stroke() != null) {
                        g.setColor(b.stroke());
                        g.setStroke(new BasicStroke(2));
                        g.draw(new java.awt.geom.Rectangle2D.Double(b.x(), b.y(), b.width(), b.height()));
                    }
                }
                case Text t -> {
                    g.setFont(new Font(Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, t.size()));
                    g.setColor(t.color());
                    FontMetrics metrics = g.getFontMetrics();
                    double shift = switch (t.anchor()) {
                        case "middle" -> metrics.stringWidth(t.text()) / 2.0;
                        case "end" -> metrics.stringWidth(t.text());
                        default -> 0;
                    };
                    g.drawString(t.text(), (float) (t.x() - shift), (float) t.y());
                }
                case Line l -> {
                    g.setColor(l.color());
                    g.setStroke(new BasicStroke((float) l.width()));
                    g.draw(new java.awt.geom.Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
                }
            }
        }
        g.dispose();
        return image;
    }

    static String svg(Picture picture) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"DejaVu Sans, Arial, sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" "
                        + "fill=\"#ffffff\"/>%n",
                picture.width(), picture.height(), picture.width(), picture.height()));
        for (Shape shape : picture.shapes()) {
            switch (shape) {
                case Box b -> out.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s/>%n", b.x(), b.y(),
                        b.width(), b.height(), hex(b.fill()),
                        b.stroke() == null ? "" : " stroke=\"" + hex(b.stroke()) + "\" stroke-width=\"2\""));
                case Text t -> out.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\"%s fill=\"%s\" text-anchor=\"%s\">%s</text>%n",
                        t.x(), t.y(), t.size(), t.bold() ? " font-weight=\"bold\"" : "", hex(t.color()), t.anchor(),
                        escape(t.text())));
                case Line l -> out.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
                        l.x1(), l.y1(), l.x2(), l.y2(), hex(l.color()), l.width()));
            }
        }
        return out.append("</svg>\n").toString();
    }

    static String hex(Color color) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", color.getRed(), color.getGreen(), color.getBlue());
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path json) throws IOException {
        try (Reader reader = Files.newBufferedReader(json)) {
            return new Yaml().load(reader); // JSON is YAML
        }
    }
}
