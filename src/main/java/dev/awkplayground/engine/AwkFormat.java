package dev.awkplayground.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * AWK's {@code printf}, {@code sprintf}, {@code OFMT} and {@code CONVFMT}, formatted here rather than by a Java
 * formatter, so that the output is C's and gawk's and so that its length is known before it is built.
 * <p>
 * The grammar is C's as gawk reads it: {@code %[N$][flags][width][.precision][h|l|L]conversion}, flags {@code -+ #0'},
 * width and precision digits, {@code *} or {@code *N$} (taken from the arguments), conversions {@code c d i o u x X e
 * E f F g G a A s %}. Anything else after a {@code %} is not a specification: it is copied as it stands, as gawk does
 * ({@code "%(5d"} prints {@code %(5d}), and consumes no argument. Nothing is ever handed to
 * {@link java.util.Formatter}, whose grammar is another ({@code ,}, {@code (}, {@code <} flags, {@code N$} indexes)
 * and which builds any width it is given in one step.
 * <p>
 * Before a specification is formatted, the length the output would reach with it (its width, its precision, its
 * argument's digits) is passed to a {@link Budget}, which stops the run when that is over the limit: a width of
 * 300,000,000 is refused before anything is allocated.
 */
public final class AwkFormat {
    /** A width or precision written larger than this is kept at this: already far over every limit. */
    private static final long HUGE = 1L << 40;
    private static final double TWO_TO_64 = 0x1p64;
    private static final double TWO_TO_63 = 0x1p63;
    /** More decimal digits than any double's exact value has (at most 767 significant, 1074 after the point). */
    private static final int EXACT_DIGITS = 1100;
    /** A single {@code e}, {@code f} or {@code g} specification with widths and precisions below 100. */
    private static final java.util.regex.Pattern SIMPLE_FLOAT =
            java.util.regex.Pattern.compile("%([-+ #0]*)([1-9][0-9]?)?(?:\\.([0-9]{0,2}))?([eEfFgG])");
    private static final String DEFAULT_NUMBER_FORMAT = "%.6g";

    /** Checks a length before the text is built. */
    @FunctionalInterface
    public interface Budget {
        /** @param length the length the formatted text would reach; throws to stop the run when it is too long */
        void require(long length);
    }

    /** How the interpreter's values read as AWK numbers and strings. */
    public interface Values {
        /** The value as a number, as AWK converts it (strings by their leading numeric prefix). */
        double number(Object value);

        /** The value as a string: numbers through {@code CONVFMT}, integers as integers. */
        String text(Object value);

        /** Whether {@code %c} takes the value as a character code: a number, or input that looks numeric. */
        default boolean isNumber(Object value) {
            return value instanceof Number;
        }
    }

    /** An AWK error in a format: not enough arguments, a bad argument index. */
    public static final class FormatError extends ScriptError {
        FormatError(String message) {
            super(message);
        }
    }

    private record Spec(int argIndex, int widthArg, long width, int precisionArg, long precision,
                        boolean left, boolean plus, boolean space, boolean alternate, boolean zero, char conversion) {
        static final int NONE = -1;
        static final int NEXT = -2;
    }

    /** A format read once: literal text and specifications, in order. */
    private record Parsed(List<Object> pieces, boolean positional) {
    }

    private String lastFormat;
    private Parsed lastParsed;

    /**
     * Formats {@code arguments} by {@code format}, as {@code sprintf(format, arguments...)}.
     *
     * @throws FormatError when the format asks for arguments that are not there
     */
    public String format(String format, Object[] arguments, Values values, Budget budget) {
        Parsed parsed = parse(format);
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (Object piece : parsed.pieces()) {
            if (piece instanceof String literal) {
                budget.require(out.length() + (long) literal.length());
                out.append(literal);
                continue;
            }
            Spec spec = (Spec) piece;
            if (spec.conversion() == '%') {
                budget.require(out.length() + 1L);
                out.append('%');
                continue;
            }
            long width = spec.width();
            boolean left = spec.left();
            if (spec.widthArg() != Spec.NONE) {
                int index = spec.widthArg() == Spec.NEXT ? next++ : spec.widthArg();
                double w = values.number(argument(arguments, index, parsed.positional(), format));
                width = clamp(Math.abs(w));
                left |= w < 0;
            }
            long precision = spec.precision();
            if (spec.precisionArg() != Spec.NONE) {
                int index = spec.precisionArg() == Spec.NEXT ? next++ : spec.precisionArg();
                double p = values.number(argument(arguments, index, parsed.positional(), format));
                precision = p < 0 ? -1 : clamp(p);
            }
            int index = spec.argIndex() == Spec.NEXT ? next++ : spec.argIndex();
            Object argument = argument(arguments, index, parsed.positional(), format);
            appendConversion(out, spec, width, left, precision, argument, values, budget);
        }
        return out.toString();
    }

    /**
     * A number as {@code print} ({@code OFMT}) or a string conversion ({@code CONVFMT}) shows it: an integral value
     * as an integer, any other through the format.
     */
    public String number(double value, String format, Values values, Budget budget) {
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            return integerText(value);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return nonFinite(value, false);
        }
        return format(format, new Object[] {value}, values, budget);
    }

    /**
     * A Java format string that formats one double as {@code format} does, near enough, for the conversions that
     * jawk still makes itself with {@link String#format}: only a single {@code e}, {@code f} or {@code g}
     * specification with widths and precisions below 100 is translated; anything else is {@code %.6g}, AWK's
     * default. Java's own grammar ({@code ,} and {@code (} flags, {@code N$} indexes, any width) never reaches it.
     */
    public static String javaNumberFormat(String format) {
        java.util.regex.Matcher spec = SIMPLE_FLOAT.matcher(format);
        if (!spec.matches()) {
            return DEFAULT_NUMBER_FORMAT;
        }
        String flags = spec.group(1);
        String width = spec.group(2);
        String precision = spec.group(3) == null ? "" : spec.group(3).isEmpty() ? ".0" : "." + spec.group(3);
        char conversion = spec.group(4).charAt(0) == 'F' ? 'f' : spec.group(4).charAt(0);
        StringBuilder java = new StringBuilder("%");
        if (flags.indexOf('-') >= 0 && !width.isEmpty()) {
            java.append('-');
        } else if (flags.indexOf('0') >= 0 && !width.isEmpty()) {
            java.append('0');
        }
        if (flags.indexOf('+') >= 0) {
            java.append('+');
        } else if (flags.indexOf(' ') >= 0) {
            java.append(' ');
        }
        if (flags.indexOf('#') >= 0 && conversion != 'g' && conversion != 'G') {
            java.append('#');
        }
        return java.append(width).append(precision).append(conversion).toString();
    }

    /** An integral double's digits, all of them, as gawk prints {@code 1e30}. */
    public static String integerText(double integral) {
        if (Math.abs(integral) < TWO_TO_63) {
            return Long.toString((long) integral);
        }
        return new BigDecimal(integral).toBigInteger().toString();
    }

    /**
     * AWK's reading of a string as a number: leading blanks, then the longest prefix that is a decimal number
     * ({@code "12abc"} is 12, {@code "abc"} 0); gawk's {@code +inf}, {@code -nan} and their kind are infinities and
     * NaN.
     */
    public static double leadingNumber(String text) {
        int length = text.length();
        int i = 0;
        while (i < length && isBlank(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        if (length - i >= 3 && start < i) {
            String word = text.substring(i, i + 3);
            boolean negative = text.charAt(start) == '-';
            if (word.equalsIgnoreCase("inf")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (word.equalsIgnoreCase("nan")) {
                return negative ? -Double.NaN : Double.NaN;
            }
        }
        int digits = 0;
        while (i < length && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < length && text.charAt(i) == '.') {
            i++;
            while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return 0;
        }
        int mantissaEnd = i;
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < length && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            int exponentStart = j;
            while (j < length && text.charAt(j) >= '0' && text.charAt(j) <= '9') {
                j++;
            }
            if (j > exponentStart) {
                mantissaEnd = j;
            }
        }
        String number = text.substring(start, mantissaEnd);
        return Double.parseDouble(number.endsWith(".") ? number + "0" : number);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private Parsed parse(String format) {
        if (format.equals(lastFormat)) {
            return lastParsed;
        }
        List<Object> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean positional = false;
        boolean sequential = false;
        Cursor at = new Cursor(format);
        while (!at.done()) {
            char c = at.peek();
            if (c != '%') {
                literal.append(c);
                at.skip();
                continue;
            }
            int start = at.position;
            at.skip();
            int argIndex = at.argumentIndex();
            boolean left = false;
            boolean plus = false;
            boolean space = false;
            boolean alternate = false;
            boolean zero = false;
            for (boolean flag = true; flag && !at.done(); ) {
                switch (at.peek()) {
                    case '-' -> left = true;
                    case '+' -> plus = true;
                    case ' ' -> space = true;
                    case '#' -> alternate = true;
                    case '0' -> zero = true;
                    case '\'' -> {
                        // grouping: the C locale has no thousands separator
                    }
                    default -> flag = false;
                }
                if (flag) {
                    at.skip();
                }
            }
            int widthArg = at.star() ? at.argumentIndex() : Spec.NONE;
            long width = widthArg == Spec.NONE ? at.number() : 0;
            int precisionArg = Spec.NONE;
            long precision = -1;
            if (at.accept('.')) {
                precisionArg = at.star() ? at.argumentIndex() : Spec.NONE;
                precision = precisionArg == Spec.NONE ? at.number() : -1;
            }
            while (!at.done() && "hlL".indexOf(at.peek()) >= 0) {
                at.skip();
            }
            char conversion = at.done() ? 0 : at.peek();
            at.skip();
            if (conversion == 0 || "cdiouxXeEfFgGaAs%".indexOf(conversion) < 0) {
                // Not a specification: gawk prints it as it stands, consuming no argument.
                literal.append(format, start, Math.min(format.length(), at.position));
                continue;
            }
            if (literal.length() > 0) {
                pieces.add(literal.toString());
                literal.setLength(0);
            }
            if (conversion != '%') {
                positional |= argIndex != Spec.NEXT;
                sequential |= argIndex == Spec.NEXT || widthArg == Spec.NEXT || precisionArg == Spec.NEXT;
                if (positional && sequential) {
                    throw new FormatError("must use `count$' on all formats or none");
                }
            }
            pieces.add(new Spec(argIndex, widthArg, width, precisionArg, precision, left, plus, space, alternate,
                    zero, conversion));
        }
        if (literal.length() > 0) {
            pieces.add(literal.toString());
        }
        lastFormat = format;
        lastParsed = new Parsed(List.copyOf(pieces), positional);
        return lastParsed;
    }

    /** A position in a format being read. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean done() {
            return position >= text.length();
        }

        char peek() {
            return text.charAt(position);
        }

        void skip() {
            position++;
        }

        boolean accept(char c) {
            if (!done() && peek() == c) {
                position++;
                return true;
            }
            return false;
        }

        boolean star() {
            return accept('*');
        }

        /** Digits, read as a number that stops growing far past every limit. */
        long number() {
            long value = 0;
            while (!done() && peek() >= '0' && peek() <= '9') {
                value = Math.min(HUGE, value * 10 + (peek() - '0'));
                position++;
            }
            return value;
        }

        /** {@code N$}: the N-th argument, counted from 0; without it, the next argument in turn. */
        int argumentIndex() {
            int start = position;
            long index = number();
            if (position > start && accept('$')) {
                if (index == 0) {
                    throw new FormatError("argument index with `$' must be > 0");
                }
                return (int) Math.min(Integer.MAX_VALUE, index - 1);
            }
            position = start;
            return Spec.NEXT;
        }
    }

    private static Object argument(Object[] arguments, int index, boolean positional, String format) {
        if (positional && index >= arguments.length) {
            throw new FormatError("argument index " + (index + 1L)
                    + " greater than total number of supplied arguments");
        }
        if (index >= arguments.length) {
            throw new FormatError("not enough arguments to satisfy format string \"" + abbreviate(format) + "\"");
        }
        return arguments[index];
    }

    private static long clamp(double value) {
        return value >= HUGE ? HUGE : (long) value;
    }

    private static void appendConversion(StringBuilder out, Spec spec, long width, boolean left, long precision,
                                         Object argument, Values values, Budget budget) {
        char conversion = spec.conversion();
        if (conversion == 's' || conversion == 'c') {
            String text = conversion == 's' ? values.text(argument) : character(argument, values);
            if (conversion == 's' && precision >= 0 && precision < text.length()) {
                text = text.substring(0, (int) precision);
            }
            budget.require(out.length() + Math.max(width, text.length()));
            pad(out, "", text, width, left, false);
            return;
        }
        double value = values.number(argument);
        boolean upper = Character.isUpperCase(conversion);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            String text = nonFinite(value, upper);
            budget.require(out.length() + text.length());
            out.append(text);
            return;
        }
        // The longest any conversion of a finite double can be, beyond its width and precision.
        budget.require(out.length() + Math.max(width, Math.max(precision, 6) + 330));
        switch (conversion) {
            case 'd', 'i' -> integer(out, spec, width, left, precision, value);
            case 'o', 'u', 'x', 'X' -> {
                if (value <= -TWO_TO_63 - 1024 || value >= TWO_TO_64) {
                    // gawk's "emergency use of %g format" for a value no unsigned integer holds
                    floating(out, spec, width, left, precision, value, 'g');
                } else {
                    unsigned(out, spec, width, left, precision, value);
                }
            }
            default -> floating(out, spec, width, left, precision, value, conversion);
        }
    }

    private static String character(Object argument, Values values) {
        if (values.isNumber(argument)) {
            double code = values.number(argument);
            int point = Double.isNaN(code) || code < 0 || code > Character.MAX_CODE_POINT ? 0 : (int) code;
            return Character.toString(point);
        }
        String text = values.text(argument);
        if (text.isEmpty()) {
            return "\0";
        }
        return text.substring(0, Character.charCount(text.codePointAt(0)));
    }

    /** gawk shows infinities and NaN with their sign, and with no width. */
    static String nonFinite(double value, boolean upper) {
        String text;
        if (Double.isNaN(value)) {
            text = (Double.doubleToRawLongBits(value) < 0 ? "-" : "+") + "nan";
        } else {
            text = value < 0 ? "-inf" : "+inf";
        }
        return upper ? text.toUpperCase(java.util.Locale.ROOT) : text;
    }

    private static void integer(StringBuilder out, Spec spec, long width, boolean left, long precision,
                                double value) {
        double truncated = value < 0 ? Math.ceil(value) : Math.floor(value);
        boolean negative = truncated < 0;
        String digits = integerText(Math.abs(truncated));
        digits = minimumDigits(digits, precision);
        String sign = negative ? "-" : spec.plus() ? "+" : spec.space() ? " " : "";
        pad(out, sign, digits, width, left, spec.zero() && precision < 0);
    }

    private static void unsigned(StringBuilder out, Spec spec, long width, boolean left, long precision,
                                 double value) {
        double truncated = value < 0 ? Math.ceil(value) : Math.floor(value);
        long bits;
        if (truncated >= TWO_TO_63) {
            bits = new BigDecimal(truncated).toBigInteger().longValue();
        } else {
            bits = truncated <= -TWO_TO_63 ? Long.MIN_VALUE : (long) truncated;
        }
        String digits = switch (spec.conversion()) {
            case 'o' -> Long.toOctalString(bits);
            case 'x' -> Long.toHexString(bits);
            case 'X' -> Long.toHexString(bits).toUpperCase(java.util.Locale.ROOT);
            default -> Long.toUnsignedString(bits);
        };
        digits = minimumDigits(digits, precision);
        String prefix = "";
        if (spec.alternate()) {
            if (spec.conversion() == 'o' && !digits.startsWith("0")) {
                digits = "0" + digits;
            } else if (bits != 0 && spec.conversion() == 'x') {
                prefix = "0x";
            } else if (bits != 0 && spec.conversion() == 'X') {
                prefix = "0X";
            }
        }
        pad(out, prefix, digits, width, left, spec.zero() && precision < 0);
    }

    /** C's precision for integers: at least that many digits, and none at all for 0 with a precision of 0. */
    private static String minimumDigits(String digits, long precision) {
        if (precision == 0 && digits.equals("0")) {
            return "";
        }
        if (precision > digits.length()) {
            return "0".repeat((int) (precision - digits.length())) + digits;
        }
        return digits;
    }

    private static void floating(StringBuilder out, Spec spec, long width, boolean left, long precision,
                                 double value, char conversion) {
        boolean negative = Double.doubleToRawLongBits(value) < 0;
        double magnitude = Math.abs(value);
        int p = (int) (precision < 0 ? 6 : precision);
        String body = switch (conversion) {
            case 'f', 'F' -> fixed(magnitude, p, spec.alternate());
            case 'e', 'E' -> scientific(magnitude, p, spec.alternate());
            case 'a', 'A' -> hexadecimal(magnitude, (int) precision);
            default -> general(magnitude, precision < 0 ? 6 : Math.max(p, 1), spec.alternate());
        };
        if (Character.isUpperCase(conversion)) {
            body = body.toUpperCase(java.util.Locale.ROOT);
        }
        String sign = negative ? "-" : spec.plus() ? "+" : spec.space() ? " " : "";
        if (conversion == 'a' || conversion == 'A') {
            sign += conversion == 'a' ? "0x" : "0X";
        }
        pad(out, sign, body, width, left, spec.zero());
    }

    private static String fixed(double magnitude, int precision, boolean alternate) {
        if (precision > EXACT_DIGITS) {
            // a double's exact expansion has fewer digits: the rest are zeros, and big-number arithmetic on millions
            // of digits would take seconds in one uninterruptible step
            return fixed(magnitude, EXACT_DIGITS, alternate) + "0".repeat(precision - EXACT_DIGITS);
        }
        String text = new BigDecimal(magnitude).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && precision == 0 ? text + "." : text;
    }

    private static String scientific(double magnitude, int precision, boolean alternate) {
        if (precision > EXACT_DIGITS) {
            String text = scientific(magnitude, EXACT_DIGITS, alternate);
            int e = text.indexOf('e');
            return text.substring(0, e) + "0".repeat(precision - EXACT_DIGITS) + text.substring(e);
        }
        String digits;
        int exponent;
        if (magnitude == 0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(magnitude).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            BigInteger unscaled = rounded.unscaledValue();
            digits = unscaled.toString();
            exponent = digits.length() - 1 - rounded.scale();
            if (digits.length() < precision + 1) {
                digits = digits + "0".repeat(precision + 1 - digits.length());
            } else if (digits.length() > precision + 1) {
                digits = digits.substring(0, precision + 1);
            }
        }
        StringBuilder text = new StringBuilder().append(digits.charAt(0));
        if (precision > 0 || alternate) {
            text.append('.');
        }
        text.append(digits, 1, digits.length()).append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            text.append('0');
        }
        return text.append(e).toString();
    }

    private static String general(double magnitude, long significant, boolean alternate) {
        int p = (int) Math.min(significant, Integer.MAX_VALUE - 1);
        int exponent = 0;
        if (magnitude != 0) {
            BigDecimal rounded = new BigDecimal(magnitude).round(
                    new MathContext(Math.min(p, EXACT_DIGITS), RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - 1 - rounded.scale();
        }
        String text = exponent < -4 || exponent >= p
                ? scientific(magnitude, p - 1, alternate)
                : fixed(magnitude, p - 1 - exponent, alternate);
        if (alternate) {
            return text;
        }
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        String tail = e < 0 ? "" : text.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            int end = mantissa.length();
            while (mantissa.charAt(end - 1) == '0') {
                end--;
            }
            if (mantissa.charAt(end - 1) == '.') {
                end--;
            }
            mantissa = mantissa.substring(0, end);
        }
        return mantissa + tail;
    }

    /** C's {@code %a}: {@code 1p+0}, {@code 1.8p+1}; the {@code 0x} is added with the sign. */
    private static String hexadecimal(double magnitude, int precision) {
        if (magnitude == 0) {
            return "0" + (precision > 0 ? "." + "0".repeat(precision) : "") + "p+0";
        }
        long bits = Double.doubleToRawLongBits(magnitude);
        int biased = (int) (bits >>> 52);
        long fraction = bits & ((1L << 52) - 1);
        long lead = biased == 0 ? 0 : 1;
        int exponent = biased == 0 ? -1022 : biased - 1023;
        if (precision >= 0 && precision < 13) {
            int drop = 4 * (13 - precision);
            long value = (lead << 52) | fraction;
            long half = 1L << (drop - 1);
            long kept = value >>> drop;
            long rest = value & ((1L << drop) - 1);
            if (rest > half || rest == half && (kept & 1) == 1) {
                kept++;
            }
            lead = kept >>> (4 * precision);
            fraction = (kept & ((1L << (4 * precision)) - 1)) << drop;
        }
        String hex = String.format("%013x", fraction);
        if (precision < 0) {
            int end = hex.length();
            while (end > 0 && hex.charAt(end - 1) == '0') {
                end--;
            }
            hex = hex.substring(0, end);
        } else if (precision <= 13) {
            hex = hex.substring(0, precision);
        } else {
            hex = hex + "0".repeat(precision - 13);
        }
        return Long.toHexString(lead) + (hex.isEmpty() ? "" : "." + hex) + "p" + (exponent < 0 ? "-" : "+")
                + Math.abs(exponent);
    }

    /** Pads {@code prefix + body} to {@code width}: spaces on the left or right, or zeros after the prefix. */
    private static void pad(StringBuilder out, String prefix, String body, long width, boolean left, boolean zero) {
        long fill = width - prefix.length() - body.length();
        if (fill <= 0) {
            out.append(prefix).append(body);
        } else if (left) {
            out.append(prefix).append(body).repeat(' ', (int) fill);
        } else if (zero) {
            out.append(prefix).repeat('0', (int) fill).append(body);
        } else {
            out.repeat(' ', (int) fill).append(prefix).append(body);
        }
    }

    /** A format for a message: the first 40 characters of a long one. */
    public static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
