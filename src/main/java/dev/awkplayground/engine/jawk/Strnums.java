package dev.awkplayground.engine.jawk;

import java.util.Deque;
import java.util.function.Function;

import org.metricshub.jawk.intermediate.Opcode;
import org.metricshub.jawk.intermediate.UninitializedObject;

/**
 * Comparisons and truth values as awk decides them, which jawk does not: jawk compares any two values that parse as
 * numbers as numbers, so {@code "12" < "2"} is false and a field {@code 1.0} equals the constant {@code "1"}, and it
 * takes every non-empty string as true, so a field {@code 0} is true.
 * <p>
 * In awk a string that looks like a number is a number in comparisons and truth only when it came from the input (a
 * field, {@code getline}, {@code split()}, {@code FILENAME}, {@code ARGV}, {@code ENVIRON}): a "strnum". jawk keeps
 * both kinds as Java strings, which cannot be tagged, so the strings that are <em>not</em> strnums are told apart by
 * identity: a string constant of the script is the very object jawk pushes (so also a variable or field assigned
 * from it), and a string the script built (concatenation, {@code substr}, {@code sprintf}, {@code tolower},
 * {@code toupper}) is noted as it is built. Only strings that look numeric need telling apart, so both lists are
 * short. The built ones are the last {@value #REMEMBERED} that looked numeric: an older one is a strnum again, which is
 * what jawk would have said anyway.
 * <p>
 * An uninitialised value is both 0 and "": it compares as a number with numbers and strnums, as "" with strings.
 */
final class Strnums {
    static final int REMEMBERED = 64;
    private static final Integer ONE = 1;
    private static final Integer ZERO = 0;

    private final Function<Object, String> text;
    private final Deque<Object> operands;
    private final String[] constants;
    private final String[] built = new String[REMEMBERED];
    private int nextBuilt;
    private int builtCount;

    /**
     * @param text how a number becomes a string (CONVFMT), as in a concatenation
     */
    Strnums(Deque<Object> operands, String[] numericConstants, Function<Object, String> text) {
        this.text = text;
        this.operands = operands;
        this.constants = numericConstants;
    }

    /**
     * A string the script built: returned as it is, unless it looks numeric; then a copy of it, noted as a string
     * (a copy, since Java hands back an operand itself for {@code s ""} or an unchanged {@code tolower(s)}, and that
     * operand may be a strnum).
     */
    Object built(Object value) {
        if (value instanceof String s && !s.isEmpty() && mayStartNumber(s.charAt(0)) && looksNumeric(s)) {
            String copy = new String(s);
            built[nextBuilt] = copy;
            nextBuilt = (nextBuilt + 1) % REMEMBERED;
            builtCount = Math.min(builtCount + 1, REMEMBERED);
            return copy;
        }
        return value;
    }

    private static boolean mayStartNumber(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || isBlank(c);
    }

    /** Runs {@code CMP_EQ}, {@code CMP_LT} or {@code CMP_GT} on the two operands on the stack. */
    void compare(Opcode opcode) {
        Object right = operands.pop();
        Object left = operands.pop();
        boolean result;
        if (isNumeric(left) && isNumeric(right)) {
            double a = number(left);
            double b = number(right);
            result = opcode == Opcode.CMP_EQ ? a == b : opcode == Opcode.CMP_LT ? a < b : a > b;
        } else {
            int order = text(left).compareTo(text(right));
            result = opcode == Opcode.CMP_EQ ? order == 0 : opcode == Opcode.CMP_LT ? order < 0 : order > 0;
        }
        operands.push(result ? ONE : ZERO);
    }

    /** Before an instruction that takes the top {@code count} operands as truth values: strnums become numbers. */
    void truthOfTop(int count) {
        if (count == 1) {
            if (operands.peek() instanceof String s && isStrnum(s)) {
                operands.pop();
                operands.push(number(s));
            }
            return;
        }
        Object top = operands.pop();
        Object below = operands.pop();
        operands.push(below instanceof String s && isStrnum(s) ? (Object) number(s) : below);
        operands.push(top instanceof String s && isStrnum(s) ? (Object) number(s) : top);
    }

    boolean isNumeric(Object value) {
        return value instanceof Number || value instanceof UninitializedObject
                || (value instanceof String s && isStrnum(s));
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value instanceof String s ? Double.parseDouble(s.strip()) : 0;
    }

    private String text(Object value) {
        if (value instanceof UninitializedObject) {
            return "";
        }
        return text.apply(value);
    }

    /** A string that looks numeric and is neither a constant of the script nor one it built. */
    private boolean isStrnum(String s) {
        if (!looksNumeric(s)) {
            return false;
        }
        for (String constant : constants) {
            if (constant == s) {
                return false;
            }
        }
        for (int i = 0; i < builtCount; i++) {
            if (built[i] == s) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether input text looks numeric as awk reads it: blanks, a sign, digits with at most one point (at least one
     * digit), an exponent, blanks.
     */
    static boolean looksNumeric(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && isBlank(s.charAt(i))) {
            i++;
        }
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(s.charAt(j)) && s.charAt(j) < 128) {
                while (j < n && Character.isDigit(s.charAt(j)) && s.charAt(j) < 128) {
                    j++;
                }
                i = j;
            } else {
                return false;
            }
        }
        while (i < n && isBlank(s.charAt(i))) {
            i++;
        }
        return i == n;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }
}
