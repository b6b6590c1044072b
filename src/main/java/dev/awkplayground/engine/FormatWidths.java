package dev.awkplayground.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The widths and precisions written in a printf-style format ({@code printf}, {@code sprintf}, {@code CONVFMT},
 * {@code OFMT}): what the format can add to the length of its output before any argument is read. A script almost
 * always uses the same format again, so the last one parsed is remembered.
 */
public final class FormatWidths {
    // %[flags][width][.precision]conversion, as printf4j accepts them.
    private static final Pattern SPEC = Pattern.compile("%[-+ #0']*(\\*|\\d+)?(?:\\.(\\*|\\d*))?[a-zA-Z%]");

    private String format;
    private String checked;
    private long widths;
    private int stars;

    /** Sum of the written widths and precisions, capped far below overflow. */
    public long widths(String text) {
        parse(text);
        return widths;
    }

    /** How many widths or precisions are {@code *}, taken from the arguments. */
    public int stars(String text) {
        parse(text);
        return stars;
    }

    /**
     * Stops the run when a format variable would make one number's text larger than a value may be.
     *
     * @param value the variable's value
     * @param name  {@code CONVFMT} or {@code OFMT}
     */
    public void check(Object value, String name, RunGuard guard) {
        if (value instanceof String text && text != checked) {
            long length = widths(text) + text.length() + 24;
            guard.reserve(length,
                    () -> name + " = \"" + abbreviate(text) + "\" would turn a number into a string that");
            checked = text;
        }
    }

    private void parse(String text) {
        if (text.equals(format)) {
            return;
        }
        long sum = 0;
        int starCount = 0;
        Matcher spec = SPEC.matcher(text);
        while (spec.find()) {
            for (String digits : new String[] {spec.group(1), spec.group(2)}) {
                if ("*".equals(digits)) {
                    starCount++;
                } else {
                    sum = Math.min(Long.MAX_VALUE / 4, sum + number(digits));
                }
            }
        }
        format = text;
        widths = sum;
        stars = starCount;
    }

    private static long number(String digits) {
        if (digits == null || digits.isEmpty()) {
            return 0;
        }
        return digits.length() > 15 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
