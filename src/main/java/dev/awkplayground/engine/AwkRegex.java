package dev.awkplayground.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * AWK's regular expressions (POSIX extended, as gawk reads them) written as Java's, which differ in ways a user meets:
 * <ul>
 *     <li>{@code .} matches a newline (compile with {@link #FLAGS}), and {@code $} only the end of the text (Java's also
 *     matches before a final newline);</li>
 *     <li>bracket expressions: {@code [[:alpha:]]} and the other classes, {@code []a]}, {@code [a-]}, {@code [+--]}
 *     (a range ending at {@code -}), {@code [a---]} (three hyphens are one), and a {@code [} or {@code &&} inside,
 *     which Java reads as a nested class or an intersection;</li>
 *     <li>a {@code {} that does not start a count ({@code /{/}, {@code /a{/}) is the brace itself, and {@code {,n}}
 *     is {@code {0,n}};</li>
 *     <li>{@code *}, {@code +}, {@code ?} and {@code {} with nothing before them to repeat (at the start, after
 *     {@code (} or {@code |}, or after an anchor: {@code /^+1/}) are the characters themselves, and a
 *     repetition of a repetition ({@code a+?}, {@code a*+}) repeats it, where Java would read a lazy or possessive
 *     quantifier;</li>
 *     <li>escapes as gawk reads them: {@code \y}, {@code \<}, {@code \>}, {@code \`}, {@code \'} are anchors,
 *     {@code \b} is a backspace, and a backslash before a character with no meaning (such as {@code \d} or {@code \1})
 *     is that character; a backslash that ends the expression escapes nothing and is an error, as gawk's
 *     "Trailing backslash";</li>
 *     <li>POSIX takes the leftmost-longest match; Java's backtracking takes the first alternative that matches. Where
 *     every alternative of a group is plain text ({@code (#|#!)}), the longer alternatives are put first, which gives
 *     the longest match; other alternations keep Java's order.</li>
 * </ul>
 */
public final class AwkRegex {
    /** The flags to compile a translated expression with. */
    public static final int FLAGS = Pattern.DOTALL;

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{IsAlphabetic}"),
            Map.entry("digit", "0-9"),
            Map.entry("alnum", "\\p{IsAlphabetic}0-9"),
            Map.entry("upper", "\\p{IsUppercase}"),
            Map.entry("lower", "\\p{IsLowercase}"),
            Map.entry("space", " \\t\\n\\x0B\\f\\r"),
            Map.entry("blank", " \\t"),
            Map.entry("punct", "\\p{Punct}"),
            Map.entry("print", "\\p{Print}\\x{A0}-\\x{10FFFF}"),
            Map.entry("graph", "\\p{Graph}\\x{A1}-\\x{10FFFF}"),
            Map.entry("cntrl", "\\p{Cntrl}"),
            Map.entry("xdigit", "0-9A-Fa-f"));

    /** PatternSyntaxException descriptions of the translator's own. */
    private static final String TRAILING_BACKSLASH = "Trailing backslash";
    private static final String INVALID_RANGE_END = "Illegal character range";
    private static final String MISPLACED_HYPHEN = "Misplaced hyphen";

    private final String awk;
    private int at;

    private AwkRegex(String awk) {
        this.awk = awk;
    }

    /**
     * @param awk an AWK regular expression (after the string's or literal's own escapes are read)
     * @return the same expression for {@link Pattern#compile(String, int)} with {@link #FLAGS}
     */
    public static String toJava(String awk) {
        return new AwkRegex(awk).alternation(false);
    }

    /** Compiles an AWK regular expression. */
    public static Pattern compile(String awk, int flags) {
        return Pattern.compile(toJava(awk), FLAGS | flags);
    }

    /** Java's complaint about a regular expression, in words that do not assume Java. */
    public static String problem(PatternSyntaxException e) {
        String description = e.getDescription();
        if (description.startsWith("Unclosed character class")) {
            return "a `[` is not closed by `]`";
        }
        if (description.startsWith("Unclosed group")) {
            return "a `(` is not closed by `)`";
        }
        if (description.startsWith("Unmatched closing ')'")) {
            return "a `)` has no `(` before it";
        }
        if (description.startsWith("Dangling meta character")) {
            return "`" + description.substring(description.length() - 2, description.length() - 1)
                    + "` has nothing before it to repeat (write `\\" + description.charAt(description.length() - 2)
                    + "` for the character itself)";
        }
        if (description.equals(TRAILING_BACKSLASH)) {
            return "it ends in a backslash that escapes nothing (write `\\\\` for a backslash)";
        }
        if (description.equals(MISPLACED_HYPHEN)) {
            return "a `-` between brackets is neither in a range nor first or last (put it first or last for the "
                    + "character itself)";
        }
        if (description.startsWith("Illegal character range")) {
            return "a range such as `a-z` has no end, or ends before it starts";
        }
        if (description.startsWith("Illegal repetition range")) {
            return "a count such as `{2,3}` ends before it starts";
        }
        if (description.startsWith("Illegal repetition")) {
            return "`{` starts a count such as `{2,3}` (write `\\{` for the brace itself)";
        }
        return description.substring(0, 1).toLowerCase(Locale.ROOT) + description.substring(1) + " (at character "
                + (e.getIndex() + 1) + ")";
    }

    /** Alternatives up to the end, or up to the {@code )} that closes a group. */
    private String alternation(boolean inGroup) {
        List<Branch> branches = new ArrayList<>();
        Branch branch = new Branch();
        while (at < awk.length()) {
            char c = awk.charAt(at);
            if (c == ')' && inGroup) {
                break;
            }
            at++;
            switch (c) {
                case '|' -> {
                    branches.add(branch);
                    branch = new Branch();
                }
                case '(' -> {
                    int start = at - 1;
                    String inner = alternation(true);
                    if (at < awk.length()) {
                        at++;
                        branch.atom("(" + inner + ")", false, 0);
                    } else {
                        // No closing parenthesis: left for Java to refuse, with its own message.
                        branch.atom(awk.substring(start), false, 0);
                    }
                }
                case '*', '+', '?' -> {
                    if (branch.lastAtom < 0) {
                        branch.atom("\\" + c, true, 1);
                    } else {
                        branch.quantify(String.valueOf(c));
                    }
                }
                case '{' -> {
                    // after nothing to repeat ({2}a, ^{2}a, a|{2}), gawk reads the braces and the digits as text
                    String count = branch.lastAtom < 0 ? null : count();
                    if (count == null) {
                        branch.atom("\\{", true, 1);
                    } else {
                        branch.quantify(count);
                    }
                }
                case '[' -> branch.atom(bracket(), false, 0);
                case '.' -> branch.atom(".", false, 0);
                case '^' -> branch.anchor("^");
                case '$' -> branch.anchor("\\z");
                case '\\' -> escape(branch);
                default -> branch.atom(literal(c), true, 1);
            }
        }
        branches.add(branch);
        if (branches.size() > 1 && branches.stream().allMatch(b -> b.literal)) {
            branches.sort(Comparator.comparingInt((Branch b) -> b.length).reversed());
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < branches.size(); i++) {
            joined.append(i == 0 ? "" : "|").append(branches.get(i).java);
        }
        return joined.toString();
    }

    /** After a {@code {}: a count such as {@code 2}, {@code 2,} or {@code 2,3}, as Java's quantifier; or null. */
    private String count() {
        int close = awk.indexOf('}', at);
        if (close < 0) {
            return null;
        }
        String inside = awk.substring(at, close);
        if (!inside.matches("\\d*(,\\d*)?") || inside.isEmpty() || inside.equals(",")) {
            return null;
        }
        at = close + 1;
        return "{" + (inside.startsWith(",") ? "0" + inside : inside) + "}";
    }

    /** A backslash outside brackets. */
    private void escape(Branch branch) {
        if (at >= awk.length()) {
            throw new PatternSyntaxException(TRAILING_BACKSLASH, awk, at - 1);
        }
        char c = awk.charAt(at++);
        switch (c) {
            case 'y' -> branch.anchor("\\b");
            case 'B' -> branch.anchor("\\B");
            case '<' -> branch.anchor("\\b(?=\\w)");
            case '>' -> branch.anchor("\\b(?<=\\w)");
            case '`' -> branch.anchor("\\A");
            case '\'' -> branch.anchor("\\z");
            case 's', 'S', 'w', 'W' -> branch.atom("\\" + c, false, 0);
            default -> branch.atom(literal(escapedChar(c)), true, 1);
        }
    }

    /** The character that a backslash and {@code c} stand for, reading octal and hex digits that follow. */
    private char escapedChar(char c) {
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'f':
                return '\f';
            case 'v':
                return 0x0B;
            case 'a':
                return 0x07;
            case 'b':
                return '\b';
            case 'x': {
                int value = 0;
                int digits = 0;
                while (digits < 2 && at < awk.length() && Character.digit(awk.charAt(at), 16) >= 0) {
                    value = value * 16 + Character.digit(awk.charAt(at++), 16);
                    digits++;
                }
                return digits == 0 ? 'x' : (char) value;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int digits = 1; digits < 3 && at < awk.length() && awk.charAt(at) >= '0'
                            && awk.charAt(at) <= '7'; digits++) {
                        value = value * 8 + awk.charAt(at++) - '0';
                    }
                    return (char) value;
                }
                return c;
        }
    }

    /**
     * After a {@code [}: the bracket expression up to its {@code ]}, as a Java class. Read as gawk's regex library
     * reads it: a {@code -} is a range between two characters, or itself when it comes first or last, or as the end
     * of a range ({@code [+--]}); three in a row ({@code [a---]}) are one {@code -}, as in Unix awk; anywhere else it
     * is an error, as is a range that ends before it starts or at a class.
     */
    private String bracket() {
        int start = at - 1;
        StringBuilder java = new StringBuilder("[");
        if (at < awk.length() && awk.charAt(at) == '^') {
            java.append('^');
            at++;
        }
        boolean first = true;
        while (at < awk.length()) {
            if (awk.charAt(at) == ']' && !first) {
                at++;
                return java.append(']').toString();
            }
            int from = element(java, first, start);
            first = false;
            if (from >= 0 && isRange() && at + 1 < awk.length() && awk.charAt(at + 1) != ']') {
                at++;
                StringBuilder end = new StringBuilder();
                int to = element(end, true, start);
                if (to < from) {
                    throw new PatternSyntaxException(INVALID_RANGE_END, awk, start);
                }
                java.append(literal((char) from)).append('-').append(literal((char) to));
            } else if (from >= 0) {
                java.append(literal((char) from));
            }
        }
        // No closing bracket: left for Java to refuse, with its own message.
        return awk.substring(start);
    }

    /** At a {@code -} that is an operator, not the first of three. */
    private boolean isRange() {
        return at < awk.length() && awk.charAt(at) == '-' && !awk.startsWith("---", at);
    }

    /**
     * One element of a bracket expression: a character (returned, for the caller to write or to make a range of), or
     * a class or an equivalence class (written here; -1 returned).
     *
     * @param hyphen whether a lone {@code -} may be this element (first, or a range's end)
     */
    private int element(StringBuilder java, boolean hyphen, int start) {
        char c = awk.charAt(at++);
        if (c == '[' && at < awk.length() && ":.=".indexOf(awk.charAt(at)) >= 0) {
            char kind = awk.charAt(at);
            int end = awk.indexOf(kind + "]", at + 1);
            if (end > 0) {
                String name = awk.substring(at + 1, end);
                at = end + 2;
                if (kind == '.' && name.length() == 1) {
                    return name.charAt(0);
                }
                if (kind == ':') {
                    String members = CLASSES.get(name);
                    if (members == null) {
                        throw new PatternSyntaxException("Unknown character class [:" + name + ":]", awk, start);
                    }
                    java.append(members);
                } else {
                    name.chars().forEach(ch -> java.append(literal((char) ch)));
                }
                return -1;
            }
        }
        if (c == '\\' && at < awk.length()) {
            char escaped = awk.charAt(at++);
            if ("swSW".indexOf(escaped) >= 0) {
                java.append('\\').append(escaped);
                return -1;
            }
            return escapedChar(escaped);
        }
        if (c == '-') {
            if (awk.startsWith("--", at) && at + 2 < awk.length()) {
                at += 2;
            } else if (!hyphen && at < awk.length() && awk.charAt(at) != ']') {
                throw new PatternSyntaxException(MISPLACED_HYPHEN, awk, start);
            }
        }
        return c;
    }

    /** One character matched as itself. */
    private static String literal(char c) {
        if (Character.isLetterOrDigit(c) || c == ' ' || c == '_' || c > 0x7F) {
            return String.valueOf(c);
        }
        if (c < 0x20 || c == 0x7F) {
            return String.format(Locale.ROOT, "\\x%02X", (int) c);
        }
        return "\\" + c;
    }

    /** One alternative being translated: its Java text, and whether it is plain text (and how long). */
    private static final class Branch {
        private final StringBuilder java = new StringBuilder();
        private boolean literal = true;
        private int length;
        private int lastAtom = -1;
        private boolean lastQuantified;

        void atom(String text, boolean plain, int characters) {
            lastAtom = java.length();
            lastQuantified = false;
            java.append(text);
            literal &= plain;
            length += characters;
        }

        /** An anchor: nothing to repeat, so a {@code *}, {@code +}, {@code ?} or {@code {} after it is text. */
        void anchor(String text) {
            java.append(text);
            literal = false;
            lastAtom = -1;
            lastQuantified = false;
        }

        void quantify(String quantifier) {
            if (lastQuantified) {
                // a+? is (a+)? in AWK; Java would read a lazy quantifier.
                java.insert(lastAtom, "(?:").append(')');
            }
            java.append(quantifier);
            lastQuantified = true;
            literal = false;
        }
    }
}
