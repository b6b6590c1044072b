import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The defence-in-depth matrix: demo/Probe.java's JSON for columns named IMAGE/SPEC (every image of the ladder under
 * every pod spec) turned into one scorecard, with what stopped each attack derived from the results:
 *
 * <pre>
 * java -cp SNAKEYAML scripts/lab/Matrix.java PROBE.json OUT_DIR "HEADING"
 *     Writes OUT_DIR/scorecard.md and scorecard.json.
 * </pre>
 *
 * An attack blocked in a column was stopped by the pod spec when the same image let it work under the other spec, and
 * by the image when a fatter image let it work under the same spec. Which part of that layer stopped it is read from
 * the evidence: no shell, the read-only root filesystem, a non-root user, no capabilities, or a file or program the
 * image does not have. Attacks that worked everywhere are what no layer stops; attacks that worked nowhere had nothing
 * to find here (on podman: no service-account token, service links or API server; a cluster may differ).
 */
public class Matrix {
    public static final String NO_LAYER = "no layer: it worked in every column";
    public static final String NOWHERE = "nothing to find here: it worked in no column";

    /** How an attack's evidence shows what blocked it; the first that matches names it. */
    record Sign(Pattern evidence, String attack, String what) {
        boolean matches(String attackId, String text) {
            return (attack == null || attack.equals(attackId)) && evidence.matcher(text).find();
        }
    }

    static final List<Sign> SIGNS = List.of(
            new Sign(Pattern.compile("/bin/sh: No such file|Cannot run program"), null, "no shell"),
            new Sign(Pattern.compile("Read-only file system"), null, "read-only root filesystem"),
            new Sign(Pattern.compile("Permission denied"), null, "non-root user"),
            new Sign(Pattern.compile("^Uid:\\s+[1-9]"), "root-user", "non-root user"),
            new Sign(Pattern.compile("^CapEff:\\s+0+$"), "capabilities", "no capabilities"),
            new Sign(Pattern.compile("No such file or directory|: not found"), null, "not in the image"),
            new Sign(Pattern.compile("^no output$"), null, "not in the image"));

    record Column(String name, String image, String spec) {
    }

    record Cell(boolean works, String evidence) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Matrix PROBE.json OUT_DIR HEADING");
            System.exit(2);
        }
        Map<String, Object> probe;
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            probe = new Yaml().load(reader); // JSON is YAML
        }
        write(probe, Path.of(args[1]), args[2]);
    }

    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> probe, Path out, String heading) throws IOException {
        List<Column> columns = new ArrayList<>();
        for (String target : (List<String>) probe.get("targets")) {
            String[] parts = target.split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a column is IMAGE/SPEC, not " + target);
            }
            columns.add(new Column(target, parts[0], parts[1]));
        }
        List<String> images = columns.stream().map(Column::image).distinct().toList();
        List<String> specs = columns.stream().map(Column::spec).distinct().toList();

        StringBuilder md = new StringBuilder(heading).append("\n\n| attack | tries |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (Column column : columns) {
            md.append(' ').append(column.name()).append(" |");
            rule.append(":---:|");
        }
        md.append(" what stopped it |\n").append(rule).append("---|\n");
        StringBuilder evidenceMd = new StringBuilder("| attack |");
        columns.forEach(c -> evidenceMd.append(' ').append(c.name()).append(" |"));
        evidenceMd.append('\n').append("|---|").append("---|".repeat(columns.size())).append('\n');
        StringBuilder json = new StringBuilder("{\"heading\": ").append(quote(heading)).append(",\n \"columns\": [");
        int[] worked = new int[columns.size()];
        StringBuilder rows = new StringBuilder();
        List<Map<String, Object>> attacks = (List<Map<String, Object>>) probe.get("attacks");
        for (int a = 0; a < attacks.size(); a++) {
            Map<String, Object> attack = attacks.get(a);
            String id = (String) attack.get("attack");
            Map<String, Map<String, String>> results = (Map<String, Map<String, String>>) attack.get("results");
            Map<String, Cell> cells = new LinkedHashMap<>();
            for (Column column : columns) {
                Map<String, String> result = results.get(column.name());
                cells.put(column.name(), new Cell("works".equals(result.get("result")), result.get("evidence")));
            }
            List<String> stoppedBy = stoppedBy(id, columns, images, specs, cells);
            md.append("| ").append(id).append(" | ").append(cell((String) attack.get("tries"))).append(" |");
            evidenceMd.append("| ").append(id).append(" |");
            rows.append(a > 0 ? ",\n" : "").append("  {\"attack\": ").append(quote(id))
                    .append(", \"tries\": ").append(quote((String) attack.get("tries"))).append(", \"results\": {");
            for (int c = 0; c < columns.size(); c++) {
                Cell result = cells.get(columns.get(c).name());
                worked[c] += result.works() ? 1 : 0;
                md.append(result.works() ? " **works** |" : " blocked |");
                evidenceMd.append(' ').append(cell(result.evidence())).append(" |");
                rows.append(c > 0 ? ", " : "").append(quote(columns.get(c).name())).append(": {\"result\": ")
                        .append(quote(result.works() ? "works" : "blocked")).append(", \"evidence\": ")
                        .append(quote(result.evidence())).append('}');
            }
            md.append(' ').append(String.join("; ", stoppedBy)).append(" |\n");
            evidenceMd.append('\n');
            rows.append("}, \"stoppedBy\": [")
                    .append(String.join(", ", stoppedBy.stream().map(Matrix::quote).toList())).append("]}");
        }
        md.append("| **attacks that worked** | |");
        for (int c = 0; c < columns.size(); c++) {
            md.append(" **").append(worked[c]).append("** of ").append(attacks.size()).append(" |");
            json.append(c > 0 ? ", " : "").append("{\"column\": ").append(quote(columns.get(c).name()))
                    .append(", \"image\": ").append(quote(columns.get(c).image()))
                    .append(", \"spec\": ").append(quote(columns.get(c).spec()))
                    .append(", \"worked\": ").append(worked[c]).append('}');
        }
        md.append(" |\n\nThe evidence, as the probe read it:\n\n").append(evidenceMd);
        json.append("],\n \"attacks\": [\n").append(rows).append("\n ]}\n");
        Files.writeString(out.resolve("scorecard.md"), md);
        Files.writeString(out.resolve("scorecard.json"), json);
        StringBuilder summary = new StringBuilder("attacks that worked:");
        for (int c = 0; c < columns.size(); c++) {
            summary.append(' ').append(columns.get(c).name()).append('=').append(worked[c]);
        }
        System.out.println(summary.append(" (of ").append(attacks.size()).append(')'));
    }

    /**
     * What stopped an attack, as "layer: what (where)" entries: for each column where it was blocked, the layer the
     * comparison with the other columns points at, and what the evidence says stopped it there.
     */
    static List<String> stoppedBy(String attack, List<Column> columns, List<String> images, List<String> specs,
            Map<String, Cell> cells) {
        boolean anyWorked = cells.values().stream().anyMatch(Cell::works);
        boolean allWorked = cells.values().stream().allMatch(Cell::works);
        if (allWorked) {
            return List.of(NO_LAYER);
        }
        if (!anyWorked) {
            return List.of(NOWHERE);
        }
        Map<String, Set<String>> where = new LinkedHashMap<>();
        for (Column column : columns) {
            Cell cell = cells.get(column.name());
            if (cell.works()) {
                continue;
            }
            String what = SIGNS.stream().filter(s -> s.matches(attack, cell.evidence())).map(Sign::what).findFirst()
                    .orElse("blocked (see the evidence)");
            boolean podSpec = specs.stream().filter(s -> !s.equals(column.spec()))
                    .anyMatch(s -> works(cells, column.image(), s));
            boolean image = images.subList(0, images.indexOf(column.image())).stream()
                    .anyMatch(i -> works(cells, i, column.spec()));
            if (podSpec) {
                where.computeIfAbsent("pod spec: " + what, k -> new LinkedHashSet<>()).add(column.image());
            }
            if (image) {
                where.computeIfAbsent("image: " + what, k -> new LinkedHashSet<>()).add(column.image());
            }
        }
        List<String> entries = new ArrayList<>();
        where.forEach((layer, inImages) -> entries.add(layer + " (" + String.join(", ", inImages) + ")"));
        return entries;
    }

    private static boolean works(Map<String, Cell> cells, String image, String spec) {
        Cell cell = cells.get(image + "/" + spec);
        return cell != null && cell.works();
    }

    static String cell(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return shown.isEmpty() ? "" : "`" + shown.replace("|", "\\|").replace("`", "'") + "`";
    }

    /** Evidence is one line of what a command printed: control characters are escaped as \\u00XX. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.chars().forEach(c -> out.append(c == '"' || c == '\\' ? "\\" + (char) c
                : c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
