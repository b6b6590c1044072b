package dev.awkplayground.api;

import java.util.Arrays;
import java.util.List;

/**
 * Series of the Prometheus text format that {@code /observe/metrics} answers, looked up by name and labels.
 */
record MetricsText(String text) {
    /**
     * The value of the one series of that name carrying those labels ({@code name="value"} pairs); 0 when there is
     * none yet (a counter of a kind that never happened).
     */
    double value(String name, String... labels) {
        List<String> matches = text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(label -> line.contains(label)))
                .toList();
        if (matches.size() > 1) {
            throw new AssertionError("more than one series " + name + " " + Arrays.toString(labels) + ": " + matches);
        }
        if (matches.isEmpty()) {
            return 0;
        }
        String line = matches.getFirst();
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The {@code le} bounds of a histogram's buckets, in order. */
    List<String> buckets(String name) {
        return text.lines().filter(line -> line.startsWith(name + "_bucket{"))
                .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .toList();
    }
}
