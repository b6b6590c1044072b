package dev.awkplayground.engine.jawk;

import java.util.regex.Pattern;

/**
 * Values given to a script as text (like {@code awk -v name=value}, or a {@code name=value} operand in ARGV): a value
 * that looks like a number is a number.
 */
final class AwkValues {
    private static final Pattern AWK_NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern AWK_INTEGER = Pattern.compile("[-+]?\\d{1,9}");

    private AwkValues() {
    }

    static Object fromText(String value) {
        if (AWK_INTEGER.matcher(value).matches()) {
            return Integer.valueOf(value);
        }
        if (AWK_NUMBER.matcher(value).matches()) {
            return Double.valueOf(value);
        }
        return value;
    }
}
