package dev.awkplayground.engine.jawk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the AWK semantics table: {@code src/test/resources/awk-cases/*.cases}, one file per kind. The format (also
 * described in the project's AWK-CASES-FORMAT note):
 * <pre>
 * ### what AWK does
 * --- script
 * BEGIN { print 1 }
 * --- input
 * a line
 * --- vars
 * name=value
 * --- output
 * 1
 * </pre>
 * A case starts at a line {@code ### name}; lines before the first case are a comment. A section starts at a line
 * {@code --- section} and holds every line up to the next {@code --- } or {@code ### } line, each with its newline:
 * the text is taken exactly, so cases follow one another without blank lines between them (a blank line there
 * belongs to the section above it). {@code --- input (no final newline)} (or {@code output}, {@code script}) drops
 * the section's last newline. Sections: {@code script} (required), {@code input}, {@code vars} (name=value a line,
 * as {@code awk -v}), {@code output} or {@code error} (one of them; the error's text, without its final newline, is
 * a part of the service's message, or empty), {@code differs} (why the service deliberately differs from gawk: then
 * {@code output} is the service's and gawk is not asked).
 */
record AwkCases(String kind, List<Case> cases) {
    static final Path FOLDER = Path.of("src/test/resources/awk-cases");
    private static final Set<String> SECTIONS = Set.of("script", "input", "vars", "output", "error", "differs");
    private static final String NO_FINAL_NEWLINE = " (no final newline)";

    /**
     * One case.
     *
     * @param where   file and line of its {@code ###}, for messages
     * @param name    what it shows
     * @param script  the program
     * @param input   its standard input
     * @param vars    {@code -v} assignments, in order
     * @param output  the expected standard output, {@code null} for an error case
     * @param error   a part of the expected error message ("" for any error), {@code null} unless an error case
     * @param differs why the service differs from gawk on purpose, {@code null} if it does not
     */
    record Case(String where, String name, String script, String input, Map<String, String> vars, String output,
                String error, String differs) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every {@code .cases} file of the folder, sorted by name. */
    static List<AwkCases> all() throws IOException {
        try (var files = Files.list(FOLDER)) {
            List<Path> sorted = files.filter(file -> file.toString().endsWith(".cases")).sorted().toList();
            List<AwkCases> all = new ArrayList<>();
            for (Path file : sorted) {
                all.add(read(file));
            }
            return all;
        }
    }

    static AwkCases read(Path file) throws IOException {
        String name = file.getFileName().toString();
        return parse(name.substring(0, name.length() - ".cases".length()), Files.readString(file, StandardCharsets.UTF_8));
    }

    static AwkCases parse(String kind, String text) {
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        // A file's final newline ends its last line; it does not start one more.
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        int i = 0;
        while (i < count && !lines[i].startsWith("### ")) {
            i++;
        }
        while (i < count) {
            String where = kind + ".cases:" + (i + 1);
            String caseName = lines[i].substring(4).strip();
            i++;
            Map<String, String> sections = new LinkedHashMap<>();
            while (i < count && !lines[i].startsWith("### ")) {
                if (!lines[i].startsWith("--- ")) {
                    throw new IllegalArgumentException(where + ": line " + (i + 1) + " is outside any section: " + lines[i]);
                }
                String header = lines[i].substring(4).strip();
                boolean noFinalNewline = header.endsWith(NO_FINAL_NEWLINE);
                String section = noFinalNewline ? header.substring(0, header.length() - NO_FINAL_NEWLINE.length()) : header;
                if (!SECTIONS.contains(section) || sections.containsKey(section)) {
                    throw new IllegalArgumentException(where + ": unknown or repeated section '" + header + "'");
                }
                i++;
                StringBuilder body = new StringBuilder();
                while (i < count && !lines[i].startsWith("--- ") && !lines[i].startsWith("### ")) {
                    body.append(lines[i]).append('\n');
                    i++;
                }
                if (noFinalNewline && !body.isEmpty()) {
                    body.setLength(body.length() - 1);
                }
                sections.put(section, body.toString());
            }
            cases.add(toCase(where, caseName, sections));
        }
        return new AwkCases(kind, cases);
    }

    private static Case toCase(String where, String name, Map<String, String> sections) {
        if (!sections.containsKey("script")) {
            throw new IllegalArgumentException(where + ": no script section");
        }
        if (sections.containsKey("output") == sections.containsKey("error")) {
            throw new IllegalArgumentException(where + ": needs an output or an error section, not both");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : sections.getOrDefault("vars", "").split("\n")) {
            if (!line.isEmpty()) {
                int equals = line.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException(where + ": a vars line is name=value: " + line);
                }
                vars.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        String error = sections.get("error");
        String differs = sections.get("differs");
        return new Case(where, name, sections.get("script"), sections.getOrDefault("input", ""), vars,
                sections.get("output"), error == null ? null : withoutFinalNewline(error), differs == null ? null : differs.strip());
    }

    private static String withoutFinalNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
