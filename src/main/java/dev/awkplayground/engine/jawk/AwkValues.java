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

    /**
     * A value as {@code awk -v name=value} and a {@code name=value} operand read it: escape sequences such as
     * {@code \t}, {@code \\} and {@code \101} and {@code \x41} stand for their characters; a backslash before any
     * other character is dropped, as gawk does.
     */
    static String escapesRead(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 == value.length()) {
                text.append(c);
                continue;
            }
            char next = value.charAt(++i);
            switch (next) {
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'r' -> text.append('\r');
                case 'f' -> text.append('\f');
                case 'b' -> text.append('\b');
                case 'v' -> text.append('\u000B');
                case 'a' -> text.append('\u0007');
                case '\\', '"', '/' -> text.append(next);
                default -> {
                    if (next >= '0' && next <= '7') {
                        int code = next - '0';
                        for (int digits = 1; digits < 3 && i + 1 < value.length() && value.charAt(i + 1) >= '0'
                                && value.charAt(i + 1) <= '7'; digits++) {
                            code = code * 8 + value.charAt(++i) - '0';
                        }
                        text.append((char) code);
                    } else if (next == 'x' && i + 1 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0) {
                        int code = Character.digit(value.charAt(++i), 16);
                        if (i + 1 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0) {
                            code = code * 16 + Character.digit(value.charAt(++i), 16);
                        }
                        text.append((char) code);
                    } else {
                        // gawk: "escape sequence treated as plain"
                        text.append(next);
                    }
                }
            }
        }
        return text.toString();
    }
}
