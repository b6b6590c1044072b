package dev.awkplayground.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;

/**
 * The {@code playground} section of {@code application.yaml}.
 *
 * @param mode         vulnerable or sandboxed
 * @param limits       what a run may consume
 * @param cachedScripts how many distinct compiled scripts to keep for reuse
 */
public record PlaygroundConfig(Mode mode, Limits limits, int cachedScripts) {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    /**
     * Reads the section; every key is optional and falls back to the documented default.
     *
     * @param config the {@code playground} node
     * @return the configuration
     * @throws IllegalArgumentException when a value is malformed, with the key in the message
     */
    public static PlaygroundConfig create(Config config) {
        Config limits = config.get("limits");
        int cpus = Runtime.getRuntime().availableProcessors();
        int concurrent = limits.get("concurrent-runs").asInt().orElse(0);
        return new PlaygroundConfig(
                Mode.parse(config.get("mode").asString().orElse("vulnerable")),
                new Limits(
                        (int) size(limits, "script-size", "64KiB"),
                        (int) size(limits, "input-size", "1MiB"),
                        (int) size(limits, "output-size", "1MiB"),
                        size(limits, "memory", "64MiB"),
                        duration(limits, "time", "PT5S"),
                        concurrent > 0 ? concurrent : 2 * cpus,
                        duration(limits, "queue-wait", "PT1S"),
                        duration(limits, "stuck-after", "PT10S")),
                config.get("cache.scripts").asInt().orElse(256));
    }

    /**
     * Parses a size such as {@code 65536}, {@code 64KiB} or {@code 1 MiB}.
     *
     * @param text the value
     * @return bytes
     * @throws IllegalArgumentException when the text is not a size
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (use bytes, KiB, MiB or GiB): " + text);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "KIB" -> n << 10;
            case "MIB" -> n << 20;
            case "GIB" -> n << 30;
            default -> n;
        };
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return bytes;
    }

    private static long size(Config limits, String key, String defaultValue) {
        String text = limits.get(key).asString().orElse(defaultValue);
        try {
            return parseSize(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("playground.limits." + key + ": " + e.getMessage(), e);
        }
    }

    private static Duration duration(Config limits, String key, String defaultValue) {
        String text = limits.get(key).asString().orElse(defaultValue);
        try {
            return parseDuration(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("playground.limits." + key
                    + " must be a duration such as 500ms, 5s, 1m or PT5S, not '" + text + "'", e);
        }
    }

    /**
     * Parses a duration written as {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 1h} or in ISO-8601 ({@code PT5S}).
     *
     * @param text the value
     * @return the duration
     * @throws java.time.format.DateTimeParseException when it is neither
     */
    static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.strip());
        if (!m.matches()) {
            return Duration.parse(text.strip());
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
