package dev.awkplayground.engine.jawk;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pass over a script's text before jawk parses it, for what jawk's lexer and parser read differently from awk. It
 * changes text only within a line, so the line numbers jawk gives are the script's. It rewrites:
 * <ul>
 *     <li>exponent literals ({@code 1E2}, {@code 2.5e-1}, {@code 1e+1}, {@code 1e1000}), which jawk reads as a number
 *     followed by a variable, into the plain decimals jawk reads as the same number, and so integer literals past
 *     2^53 (jawk keeps them exact, or fails past a long's range) and gawk's octal and hexadecimal ones ({@code 012},
 *     {@code 0x11});</li>
 *     <li>a unary operator right after another one or after {@code ^} ({@code !!x}, {@code - -4}, {@code 2^-3}),
 *     which jawk's grammar refuses, into the same with parentheses ({@code !(!x)});</li>
 *     <li>an assignment that is the right operand of {@code &&}, {@code ||}, {@code ?} or {@code :}
 *     ({@code 1 && x = 2}), which jawk reads as an assignment to the whole left side, into a parenthesised one;</li>
 *     <li>a regular-expression literal used as a value ({@code print /foo/}), which jawk prints as its text, into
 *     {@code ($0 ~ /foo/)}, as awk means it; a literal after {@code ~} or given to {@code match}, {@code split},
 *     {@code sub} or {@code gsub} stays;</li>
 *     <li>an empty action ({@code 1 {}}), which jawk runs as {@code print}, into one with an empty statement;</li>
 *     <li>{@code print (a), b}, which jawk reads as a print of {@code (a)} and a stray {@code , b}, and
 *     {@code (a)++b}, which it reads as {@code (a)++ b};</li>
 *     <li>an element's {@code a[i]++} and {@code ++a[i]}, whose subscript jawk evaluates twice, into {@code +=};</li>
 *     <li>{@code $$a++}, which jawk reads as {@code ($$a)++} (and refuses {@code $$a++++}), into gawk's
 *     {@code $($a++)}, and {@code $(i++)--}, whose field number jawk evaluates twice, into a hidden function's
 *     call;</li>
 *     <li>a function's parameter named as another function, which jawk refuses, into another name;</li>
 *     <li>{@code getline $n}, which jawk compiles without the field's number, into a hidden element the tracker
 *     assigns as the field;</li>
 *     <li>{@code next} inside a function, which jawk refuses, into a keyword the tracker runs as {@code next};</li>
 *     <li>a function called with more arguments than it declares, which jawk refuses, with hidden parameters for
 *     them;</li>
 *     <li>a {@code $} right after a name ({@code print$1}, {@code x$2}), which jawk's lexer reads as part of the name,
 *     with a space before it;</li>
 *     <li>a variable or constant alone as a statement ({@code a;}), which jawk refuses, into a concatenation with
 *     {@code ""};</li>
 *     <li>{@code getline < file} followed by more ({@code getline < "f" > 0}), whose file jawk reads as an expression,
 *     into {@code (getline < "f") > 0}.</li>
 * </ul>
 * It refuses, as awk does, a backslash that does not end its line, {@code printf} with no arguments,
 * {@code nextfile} in BEGIN or END, an assignment as a redirection's file and chained comparisons, which jawk
 * accepts.
 */
final class SourceRewriter {
    /** A script refused before jawk sees it. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;

        Rejected(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private enum Kind { NUMBER, STRING, REGEX, NAME, PUNCT, NEWLINE }

    private record Token(Kind kind, String text, int start, int end, int line) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }
    }

    private record Edit(int at, int end, String text, int order) {
    }

    /** Names after which an operand starts, so a {@code /} there begins a regular expression and a {@code -} is unary. */
    private static final Set<String> KEYWORDS_BEFORE_OPERAND = Set.of("print", "printf", "return", "in", "do", "else",
            "case", "delete", "exit", "getline", "if", "while", "for", "BEGIN", "END", "function", "func");
    /** Names that make a statement on their own. */
    private static final Set<String> STATEMENT_WORDS = Set.of("next", "nextfile", "break", "continue", "length",
            "getline");
    /** Built-in functions whose regular-expression argument is a pattern, not {@code $0 ~ pattern}. */
    private static final Set<String> REGEX_TAKERS = Set.of("match", "split", "sub", "gsub", "gensub");
    private static final Set<String> UNARY = Set.of("!", "-", "+");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> ASSIGNMENTS = Set.of("=", "+=", "-=", "*=", "/=", "%=", "^=", "**=");
    // gawk takes an assignment as the right operand of these: `1 && x = 2`, `$1 == n = 3`, `(1 < x = 2)`
    private static final Set<String> BEFORE_ASSIGNMENT_OPERAND = Set.of("&&", "||", "?", ":", "~", "!~", "==", "!=",
            "<=", ">=", "<", ">");
    private static final String[] LONG_PUNCTUATION = {"**=", "&&", "||", "==", "!=", "<=", ">=", "++", "--", "+=",
            "-=", "*=", "/=", "%=", "^=", "**", ">>", "!~", "|&"};
    /** The hidden array {@code getline $n} reads into; the tracker assigns the field it names. */
    static final String GETLINE_FIELD = "getline__field";
    /** The hidden function a field's {@code $n--} is written as when {@code n} has side effects (fieldDecrementedOnce). */
    private static final String FIELD_DECREMENT = "field__decrement";
    /** Its definition: the field's old value as a number, the field one less. */
    private static final String FIELD_DECREMENT_DEFINED = "function " + FIELD_DECREMENT
            + "(n, old) { old = $n + 0; $n = old - 1; return old } ";
    /** Above 10^309 a double is infinite; this decimal is read as infinity. */
    private static final String INFINITE = "1" + "0".repeat(309) + ".0";

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Edit> edits = new ArrayList<>();
    /** Whether the script calls {@link #FIELD_DECREMENT}, which is then defined before it, on its first line. */
    private boolean decrementDefined;
    /** For each bracket token, the index of the bracket that closes or opens it; -1 when it has none. */
    private int[] partner;
    /** For each opening parenthesis, whether a comma separates what it holds (a list, as in {@code (1, 2) in a}). */
    private boolean[] holdsList;
    /** The {@code <} tokens that name getline's file, worked out at the first question (afterGetline). */
    private boolean[] getlineFiles;

    private SourceRewriter(String source) {
        this.source = source;
    }

    /**
     * The script as jawk should read it; the same instance when nothing needs rewriting.
     *
     * @throws Rejected when awk would refuse the script and jawk would not
     */
    static String rewrite(String source) {
        SourceRewriter rewriter = new SourceRewriter(source);
        rewriter.lex();
        rewriter.pairBrackets();
        rewriter.renameParametersNamedAsFunctions();
        rewriter.nextInFunctions();
        rewriter.parametersForExtraArguments();
        rewriter.refuseChainedComparisons();
        rewriter.rewriteTokens();
        return rewriter.apply();
    }

    // ---- lexing: just enough of awk's lexer to know strings, regular expressions, comments and numbers

    private void lex() {
        int i = 0;
        int line = 1;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                i++;
            } else if (c == '\\') {
                int j = i + 1;
                if (j < n && source.charAt(j) == '\r') {
                    j++;
                }
                if (j < n && source.charAt(j) != '\n') {
                    throw new Rejected(line, "a backslash outside a string must end its line");
                }
                i = j + 1;
                line++;
            } else if (c == '#') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\n') {
                tokens.add(new Token(Kind.NEWLINE, "\n", i, i + 1, line++));
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && source.charAt(j) != '"' && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' && j + 1 < n ? 2 : 1;
                }
                j = Math.min(j + 1, n);
                tokens.add(new Token(Kind.STRING, source.substring(i, j), i, j, line));
                line += newlines(i, j);
                i = j;
            } else if (c == '/' && operandExpected()) {
                int j = regexEnd(i + 1);
                tokens.add(new Token(Kind.REGEX, source.substring(i, j), i, j, line));
                i = j;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(source.charAt(i + 1)))) {
                int j = number(i);
                tokens.add(new Token(Kind.NUMBER, source.substring(i, j), i, j, line));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(source.charAt(j)) || source.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(Kind.NAME, source.substring(i, j), i, j, line));
                i = j;
            } else {
                String punct = String.valueOf(c);
                for (String longer : LONG_PUNCTUATION) {
                    if (source.startsWith(longer, i)) {
                        punct = longer;
                        break;
                    }
                }
                tokens.add(new Token(Kind.PUNCT, punct, i, i + punct.length(), line));
                i += punct.length();
            }
        }
    }

    /**
     * Where the regular-expression literal whose text starts at {@code from} ends (at its closing {@code /}, or at the
     * end of the line when it is not closed). As in awk, a {@code /} inside a bracket expression ({@code /[/]/}) does
     * not end it; jawk's lexer would, so such a {@code /} is written {@code \/}.
     */
    private int regexEnd(int from) {
        int n = source.length();
        int j = from;
        boolean inBracket = false;
        List<Integer> slashesInBrackets = new ArrayList<>();
        while (j < n && source.charAt(j) != '\n' && (inBracket || source.charAt(j) != '/')) {
            char d = source.charAt(j);
            if (d == '\\' && j + 1 < n && source.charAt(j + 1) != '\n') {
                j += 2;
            } else if (!inBracket && d == '[') {
                inBracket = true;
                j++;
                j += j < n && source.charAt(j) == '^' ? 1 : 0;
                j += j < n && source.charAt(j) == ']' ? 1 : 0; // a `]` first in the brackets is one of them
            } else if (inBracket && d == '[' && j + 1 < n && source.charAt(j + 1) == ':'
                    && source.indexOf(":]", j + 2) > 0) {
                j = source.indexOf(":]", j + 2) + 2;
            } else if (inBracket && d == ']') {
                inBracket = false;
                j++;
            } else {
                if (inBracket && d == '/') {
                    slashesInBrackets.add(j);
                }
                j++;
            }
        }
        if (inBracket && (j >= n || source.charAt(j) == '\n')) {
            // an unclosed bracket: read it as before, to the first `/`, and leave its errors to the parser
            j = from;
            while (j < n && source.charAt(j) != '/' && source.charAt(j) != '\n') {
                j += source.charAt(j) == '\\' && j + 1 < n && source.charAt(j + 1) != '\n' ? 2 : 1;
            }
            return Math.min(j + 1, n);
        }
        for (int slash : slashesInBrackets) {
            edits.add(new Edit(slash, slash + 1, "\\/", edits.size()));
        }
        return Math.min(j + 1, n);
    }

    private int newlines(int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    /**
     * The end of the number that starts at {@code i}: digits, a fraction, and an exponent with at least one digit; or,
     * as gawk reads one, {@code 0x} and hexadecimal digits, with at most one point (whatever follows it is read as
     * part of the literal and ignored).
     */
    private int number(int i) {
        int n = source.length();
        int j = i;
        if (source.startsWith("0x", i) || source.startsWith("0X", i)) {
            j = i + 2;
            boolean point = false;
            while (j < n && (Character.digit(source.charAt(j), 16) >= 0 || (!point && source.charAt(j) == '.'))) {
                point |= source.charAt(j) == '.';
                j++;
            }
            if (j > i + 2 && source.charAt(i + 2) != '.') {
                return j;
            }
            j = i;
        }
        while (j < n && Character.isDigit(source.charAt(j))) {
            j++;
        }
        if (j < n && source.charAt(j) == '.') {
            j++;
            while (j < n && Character.isDigit(source.charAt(j))) {
                j++;
            }
        }
        if (j < n && (source.charAt(j) == 'e' || source.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (source.charAt(k) == '+' || source.charAt(k) == '-')) {
                k++;
            }
            if (k < n && Character.isDigit(source.charAt(k))) {
                while (k < n && Character.isDigit(source.charAt(k))) {
                    k++;
                }
                j = k;
            }
        }
        return j;
    }

    /** Whether the next token starts an operand: after an operator, an opening bracket, a keyword or a new line. */
    private boolean operandExpected() {
        return operandExpectedAfter(tokens.size() - 1);
    }

    private boolean operandExpectedAfter(int index) {
        if (index < 0) {
            return true;
        }
        Token previous = tokens.get(index);
        return switch (previous.kind()) {
            case NUMBER, STRING, REGEX -> false;
            case NAME -> KEYWORDS_BEFORE_OPERAND.contains(previous.text());
            case NEWLINE -> true;
            case PUNCT -> !(previous.is(")") || previous.is("]")
                    || ((previous.is("++") || previous.is("--")) && index > 0 && endsOperand(tokens.get(index - 1))));
        };
    }

    /**
     * gawk lets a function's parameter have the name of another function ({@code function f(g) { return g }}); jawk
     * refuses it. Such a parameter is renamed in its function, where a call of that name stays a call.
     */
    private void renameParametersNamedAsFunctions() {
        java.util.Set<String> functions = new java.util.HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (isFunctionKeyword(tokens.get(i)) && tokens.get(i + 1).kind() == Kind.NAME) {
                functions.add(tokens.get(i + 1).text());
            }
        }
        if (functions.size() < 2) {
            return;
        }
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (!isFunctionKeyword(tokens.get(i)) || !tokens.get(i + 2).is("(") || partner[i + 2] < 0) {
                continue;
            }
            String own = tokens.get(i + 1).text();
            int close = partner[i + 2];
            java.util.Set<String> renamed = new java.util.HashSet<>();
            for (int j = i + 3; j < close; j++) {
                Token parameter = tokens.get(j);
                if (parameter.kind() == Kind.NAME && functions.contains(parameter.text())
                        && !parameter.text().equals(own)) {
                    renamed.add(parameter.text());
                    edits.add(new Edit(parameter.start(), parameter.end(), hidden(parameter.text()), edits.size()));
                }
            }
            int body = close + 1;
            while (body < tokens.size() && tokens.get(body).kind() == Kind.NEWLINE) {
                body++;
            }
            if (renamed.isEmpty() || body >= tokens.size() || !tokens.get(body).is("{")) {
                continue;
            }
            int depth = 0;
            for (int j = body; j < tokens.size(); j++) {
                Token token = tokens.get(j);
                if (token.is("{")) {
                    depth++;
                } else if (token.is("}") && --depth == 0) {
                    break;
                } else if (token.kind() == Kind.NAME && renamed.contains(token.text())
                        && !(j + 1 < tokens.size() && tokens.get(j + 1).is("("))) {
                    edits.add(new Edit(token.start(), token.end(), hidden(token.text()), edits.size()));
                }
            }
        }
    }

    /**
     * {@code next} inside a function, which jawk's parser refuses, is written as the extension keyword the tracker runs
     * as {@code next} ({@link PosixFunctions#NEXT_IN_FUNCTION}); {@code nextfile} is an extension keyword already. As
     * gawk, {@code nextfile} written in a BEGIN or END action is refused with the script (jawk refuses {@code next}
     * there itself).
     */
    private void nextInFunctions() {
        int depth = 0;
        String section = "";
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("{")) {
                if (depth == 0) {
                    section = sectionOpenedAt(i);
                }
                depth++;
            } else if (token.is("}")) {
                depth = Math.max(0, depth - 1);
            } else if (depth > 0 && isName(token, "next") && section.equals("function")) {
                edits.add(new Edit(token.start(), token.end(), PosixFunctions.NEXT_IN_FUNCTION, edits.size()));
            } else if (isName(token, PosixFunctions.NEXTFILE)) {
                if (depth > 0 && (section.equals("BEGIN") || section.equals("END"))) {
                    throw new Rejected(token.line(), "`nextfile' used in " + section + " action");
                }
                if (depth == 0 || !startsStatement(i) || !endsStatement(i + 1)) {
                    // jawk would take the extension keyword as a value, or at the top level as a pattern
                    throw new Rejected(token.line(), "`nextfile' is a statement: it cannot be used as a value or a name");
                }
            }
        }
    }

    /** Whether a statement can start at token {@code i}: after a brace, {@code ;}, a new line, a condition or else. */
    private boolean startsStatement(int i) {
        if (i == 0) {
            return true;
        }
        Token before = tokens.get(i - 1);
        return before.kind() == Kind.NEWLINE || before.is("{") || before.is("}") || before.is(";") || before.is(")")
                || isName(before, "else") || isName(before, "do");
    }

    /** What the outermost brace at {@code open} belongs to: "function", "BEGIN", "END" or "rule". */
    private String sectionOpenedAt(int open) {
        int before = open - 1;
        while (before >= 0 && tokens.get(before).kind() == Kind.NEWLINE) {
            before--;
        }
        if (before < 0) {
            return "rule";
        }
        Token token = tokens.get(before);
        if (isName(token, "BEGIN") || isName(token, "END")) {
            return token.text();
        }
        int parameters = token.is(")") ? partner[before] : -1;
        return parameters >= 2 && isFunctionKeyword(tokens.get(parameters - 2)) ? "function" : "rule";
    }

    /**
     * gawk runs a function called with more arguments than it declares (warning that it does), evaluating them all;
     * jawk refuses the script. Such a function gets hidden parameters for the extra arguments, which it never reads.
     */
    private void parametersForExtraArguments() {
        Map<String, Integer> declared = new HashMap<>();
        Map<String, Integer> closing = new HashMap<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (isFunctionKeyword(tokens.get(i))
                    && tokens.get(i + 1).kind() == Kind.NAME && tokens.get(i + 2).is("(") && partner[i + 2] > 0) {
                int parameters = 0;
                for (int j = i + 3; j < partner[i + 2]; j++) {
                    parameters += tokens.get(j).kind() == Kind.NAME ? 1 : 0;
                }
                declared.putIfAbsent(tokens.get(i + 1).text(), parameters);
                closing.putIfAbsent(tokens.get(i + 1).text(), partner[i + 2]);
            }
        }
        Map<String, Integer> passed = new HashMap<>();
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token name = tokens.get(i);
            Integer parameters = name.kind() == Kind.NAME ? declared.get(name.text()) : null;
            if (parameters == null || !tokens.get(i + 1).is("(") || tokens.get(i + 1).start() != name.end()
                    || partner[i + 1] < 0 || isFunctionKeyword(tokens.get(i - 1))) {
                continue;
            }
            int arguments = partner[i + 1] == i + 2 ? 0 : 1;
            for (int j = i + 2; j < partner[i + 1]; j++) {
                Token token = tokens.get(j);
                if ((token.is("(") || token.is("[")) && partner[j] > j) {
                    j = partner[j];
                } else if (token.is(",")) {
                    arguments++;
                }
            }
            if (arguments > parameters) {
                passed.merge(name.text(), arguments, Math::max);
            }
        }
        passed.forEach((function, arguments) -> {
            StringBuilder extra = new StringBuilder();
            for (int k = declared.get(function) + 1; k <= arguments; k++) {
                extra.append(k == 1 ? "" : ", ").append(hidden("argument" + k));
            }
            int at = tokens.get(closing.get(function)).start();
            edits.add(new Edit(at, at, extra.toString(), edits.size()));
        });
    }

    /** The parameter's new name: its own, with a suffix a script is unlikely to use. */
    private static String hidden(String parameter) {
        return parameter + "__parameter";
    }

    /** Whether {@code ++} or {@code --} after this token is postfix. */
    private static boolean endsOperand(Token token) {
        return token.kind() == Kind.NUMBER || token.is(")") || token.is("]")
                || (token.kind() == Kind.NAME && !KEYWORDS_BEFORE_OPERAND.contains(token.text()));
    }

    // ---- rewriting

    /** One pass, so that a script of many nested brackets costs no more than a flat one. */
    private void pairBrackets() {
        partner = new int[tokens.size()];
        holdsList = new boolean[tokens.size()];
        java.util.Arrays.fill(partner, -1);
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("(") || token.is("[")) {
                open.push(i);
            } else if ((token.is(")") || token.is("]")) && !open.isEmpty()) {
                int opening = open.pop();
                partner[opening] = i;
                partner[i] = opening;
            } else if (token.is(",") && !open.isEmpty()) {
                holdsList[open.peek()] = true;
            }
        }
    }

    private void rewriteTokens() {
        Deque<String> calls = new ArrayDeque<>();
        int braces = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (braces > 0 && calls.isEmpty()) {
                // not in parentheses: `0` in `for (x; 0;)` is the condition
                bareOperandStatement(i);
            }
            switch (token.kind()) {
                case NUMBER -> plainNumber(token);
                case REGEX -> regexAsValue(i, calls);
                case NAME -> {
                    elementIncrementedOnce(i);
                    getlineIntoField(i);
                    getlineFromFileAsOperand(i);
                    if (token.text().equals("printf") && (endsStatement(i + 1)
                            || (i + 2 < tokens.size() && tokens.get(i + 1).is("(") && tokens.get(i + 2).is(")")))) {
                        throw new Rejected(token.line(), "printf needs at least a format");
                    }
                    boolean defined = i > 0 && isFunctionKeyword(tokens.get(i - 1));
                    if ((token.text().equals("print") || token.text().equals("printf")) && !defined
                            && i + 1 < tokens.size() && tokens.get(i + 1).is("(")) {
                        groupStartsPrintList(i + 1);
                    }
                }
                case PUNCT -> {
                    innermostFieldIncremented(i);
                    fieldDecrementedOnce(i);
                    if (token.is("$") && i > 0 && tokens.get(i - 1).kind() == Kind.NAME
                            && tokens.get(i - 1).end() == token.start()) {
                        // jawk's lexer takes `$` for a letter of a name: `print$1` would be one name
                        edits.add(new Edit(token.start(), token.start(), " ", edits.size()));
                    }
                    if (token.is("{")) {
                        if (braces == 0 && next(i).is("}")) {
                            // jawk runs an empty action as `print`; a statement that does nothing makes it empty
                            edits.add(new Edit(token.end(), token.end(), " while (0) ; ", edits.size()));
                        }
                        braces++;
                    } else if (token.is("}")) {
                        braces = Math.max(0, braces - 1);
                    } else if (token.is("(")) {
                        Token before = i > 0 ? tokens.get(i - 1) : null;
                        boolean call = before != null && before.kind() == Kind.NAME
                                && !KEYWORDS_BEFORE_OPERAND.contains(before.text());
                        if (!call && !(before != null && before.kind() == Kind.NAME
                                && (before.text().equals("print") || before.text().equals("printf")))) {
                            requireNoBareList(i);
                        }
                        calls.push(call ? before.text() : "");
                    } else if ((token.is("++") || token.is("--")) && i > 0 && tokens.get(i - 1).is(")")
                            && !opening(i - 1, 1).is("$") && !(opening(i - 1, 1).kind() == Kind.NAME
                            && opening(i - 1, 2).is("$"))) {
                        // awk increments only variables, fields and elements: `(a)++b` is `(a) (++b)`
                        edits.add(new Edit(token.start(), token.start(), "\"\"", edits.size()));
                    } else if (token.is(")")) {
                        if (!calls.isEmpty()) {
                            calls.pop();
                        }
                    } else if (UNARY.contains(token.text()) && nestedUnary(i)) {
                        parenthesise(i, operandEnd(i + 1));
                    } else if (ASSIGNMENTS.contains(token.text())) {
                        assignmentAsOperand(i, !calls.isEmpty());
                    }
                }
                default -> {
                    // new lines and strings need nothing
                }
            }
        }
    }

    /**
     * jawk evaluates the subscript of {@code a[i]++} and {@code ++a[i]} twice, so {@code x[y++]++} adds 2 to {@code y},
     * and gives {@code a[i]++} the element's old value unconverted ({@code ""}, not 0); it evaluates the subscript of
     * {@code a[i] += 1} once. So {@code a[i]++} is written {@code ((a[i] += 1) - 1)}, and {@code ++a[i]}, when its
     * subscript has side effects (an increment, an assignment, a call), {@code (a[i] += 1)}.
     */
    private void elementIncrementedOnce(int name) {
        int open = name + 1;
        if (open >= tokens.size() || !tokens.get(open).is("[") || partner[open] < 0
                || (name > 0 && tokens.get(name - 1).is("$"))) {
            return;
        }
        int close = partner[open];
        Token after = close + 1 < tokens.size() ? tokens.get(close + 1) : null;
        Token before = name > 0 ? tokens.get(name - 1) : null;
        if (before != null && (before.is("++") || before.is("--")) && operandExpectedAfter(name - 2)) {
            if (!hasSideEffects(open, close)) {
                return;
            }
            edits.add(new Edit(before.start(), before.end(), startsPrintList(name - 1) + "(", edits.size()));
            edits.add(new Edit(tokens.get(close).end(), tokens.get(close).end(),
                    before.is("++") ? " += 1)" : " -= 1)", edits.size()));
        } else if (after != null && (after.is("++") || after.is("--"))) {
            edits.add(new Edit(tokens.get(name).start(), tokens.get(name).start(), startsPrintList(name) + "((",
                    edits.size()));
            edits.add(new Edit(after.start(), after.end(), after.is("++") ? " += 1) - 1)" : " -= 1) + 1)",
                    edits.size()));
        }
    }

    /**
     * gawk reads {@code $$a++} as {@code $($a++)}: after a chain of {@code $}, the first {@code ++} or {@code --}
     * belongs to the innermost field, the next to the field around it, and so on ({@code $$a++++} is
     * {@code $($a++)++}, {@code $$$a----} is {@code $($($a--)--)}). jawk reads {@code ($$a)++} and refuses two in a
     * row; the chain is written with the parentheses gawk implies, a decrement after the first as
     * {@link #fieldDecrementedOnce} writes it (its field's number has a side effect).
     */
    private void innermostFieldIncremented(int first) {
        if (!tokens.get(first).is("$") || (first > 0 && tokens.get(first - 1).is("$"))) {
            return;
        }
        int operand = first;
        while (operand < tokens.size() && tokens.get(operand).is("$")) {
            operand++;
        }
        if (operand - first < 2 || operand >= tokens.size()) {
            return;
        }
        Token token = tokens.get(operand);
        boolean bracketed = operand + 1 < tokens.size() && token.kind() == Kind.NAME
                && (tokens.get(operand + 1).is("[") || tokens.get(operand + 1).is("("));
        int end = token.is("(") ? partner[operand] : bracketed ? partner[operand + 1]
                : token.kind() == Kind.NAME || token.kind() == Kind.NUMBER ? operand : -1;
        int steps = 0;
        while (end >= 0 && end + steps + 1 < tokens.size()
                && (tokens.get(end + steps + 1).is("++") || tokens.get(end + steps + 1).is("--"))) {
            steps++;
        }
        int dollars = operand - first;
        if (steps == 0 || steps > dollars) {
            return;
        }
        for (int step = 2; step <= steps; step++) {
            Token dollar = tokens.get(operand - step);
            Token by = tokens.get(end + step);
            if (by.is("++")) {
                edits.add(new Edit(dollar.end(), dollar.end(), "(", edits.size()));
                edits.add(new Edit(by.start(), by.start(), ")", edits.size()));
            } else {
                edits.add(new Edit(dollar.start(), dollar.end(), FIELD_DECREMENT + "(", edits.size()));
                edits.add(new Edit(by.start(), by.end(), ")", edits.size()));
                decrementDefined = true;
            }
        }
        for (int dollar = first; dollar < operand - steps; dollar++) {
            edits.add(new Edit(tokens.get(dollar).end(), tokens.get(dollar).end(), "(", edits.size()));
        }
        int after = tokens.get(end + steps).end();
        edits.add(new Edit(after, after, ")".repeat(dollars - steps), edits.size()));
    }

    /**
     * jawk compiles {@code $n--} as a read of field {@code n} and then the decrement, each working out {@code n}, so
     * {@code $(i++)--} added 2 to {@code i}. A field whose number has side effects (an increment, an assignment, a
     * call, a getline) is written {@code field__decrement(n)}, a hidden function that reads and decrements the field
     * once, defined before the script's first item on its first line (so that no line of the script moves).
     */
    private void fieldDecrementedOnce(int decrement) {
        if (!tokens.get(decrement).is("--") || decrement < 2) {
            return;
        }
        int last = decrement - 1;
        Token end = tokens.get(last);
        int first = end.is(")") || end.is("]") ? partner[last] : last;
        if (first > 0 && (end.is("]") || (end.is(")") && tokens.get(first - 1).kind() == Kind.NAME))) {
            first--;
        }
        if (first < 1 || !tokens.get(first - 1).is("$") || (first > 1 && tokens.get(first - 2).is("$"))
                || !hasSideEffects(first - 1, decrement)) {
            return;
        }
        Token dollar = tokens.get(first - 1);
        edits.add(new Edit(dollar.start(), dollar.end(), FIELD_DECREMENT + "(", edits.size()));
        edits.add(new Edit(tokens.get(decrement).start(), tokens.get(decrement).end(), ")", edits.size()));
        decrementDefined = true;
    }

    /**
     * jawk compiles {@code getline $n} without the field's number (its parser takes the wrong branch of the
     * {@code $} expression), and the run fails. It is written {@code getline getline__field[n]}, an element of a
     * hidden array jawk compiles right, and the tracker assigns the field instead of the element
     * ({@link GuardedPositionTracker}).
     */
    private void getlineIntoField(int name) {
        if (!isName(tokens.get(name), "getline") || name + 2 >= tokens.size() || !tokens.get(name + 1).is("$")) {
            return;
        }
        int end = fieldNumberEnd(name + 2);
        if (end < 0) {
            return;
        }
        Token dollar = tokens.get(name + 1);
        edits.add(new Edit(dollar.start(), dollar.end(), GETLINE_FIELD + "[", edits.size()));
        edits.add(new Edit(tokens.get(end).end(), tokens.get(end).end(), "]", edits.size()));
    }

    /**
     * {@code getline < "f" > 0} and {@code getline x < "f" ".txt"} are {@code (getline < "f") > 0} and
     * {@code (getline x < "f") ".txt"} in awk, whose file is a single operand; jawk's parser reads the file as an
     * expression, {@code "f" > 0}. The getline is put in parentheses when something follows its file.
     */
    private void getlineFromFileAsOperand(int name) {
        if (!isName(tokens.get(name), "getline") || name > 0 && tokens.get(name - 1).is("|")) {
            return;
        }
        int less = afterGetlineTarget(name);
        if (less >= tokens.size() || !tokens.get(less).is("<")) {
            return;
        }
        int file = fieldNumberEnd(less + 1);
        if (file < 0 || file + 1 >= tokens.size()) {
            return;
        }
        Token after = tokens.get(file + 1);
        if (after.kind() == Kind.NEWLINE || after.is(";") || after.is(")") || after.is("}") || after.is(",")
                || after.is("]")) {
            return;
        }
        edits.add(new Edit(tokens.get(name).start(), tokens.get(name).start(), startsPrintList(name) + "(",
                edits.size()));
        edits.add(new Edit(tokens.get(file).end(), tokens.get(file).end(), ")", edits.size()));
    }

    /**
     * jawk refuses a statement that is only a variable or a constant ({@code a;}, {@code 1;}: "Not a valid
     * statement"), which awk evaluates and forgets; concatenating "" to it makes it an expression jawk accepts.
     */
    private void bareOperandStatement(int i) {
        Token token = tokens.get(i);
        boolean operand = token.kind() == Kind.NUMBER || token.kind() == Kind.STRING
                || token.kind() == Kind.NAME && !STATEMENT_WORDS.contains(token.text())
                && !KEYWORDS_BEFORE_OPERAND.contains(token.text());
        if (!operand || i + 1 >= tokens.size() || !beginsStatement(i)) {
            return;
        }
        Token after = tokens.get(i + 1);
        if (after.kind() == Kind.NEWLINE || after.is(";") || after.is("}")) {
            edits.add(new Edit(token.end(), token.end(), " \"\"", edits.size()));
        }
    }

    /** Whether a statement begins at {@code i}: after a brace, {@code ;}, a new line, else, do or a condition. */
    private boolean beginsStatement(int i) {
        int b = i - 1;
        while (b >= 0 && tokens.get(b).kind() == Kind.NEWLINE) {
            b--;
        }
        if (b < 0) {
            return false;
        }
        Token before = tokens.get(b);
        if (b < i - 1) {
            // after a new line, unless the line before ends in `&&`, `,` or another operator that goes on
            return before.is("{") || before.is(";") || before.is("}") || isName(before, "else")
                    || isName(before, "do") || endsOperand(before) || before.kind() == Kind.STRING
                    || before.is("++") || before.is("--");
        }
        if (before.is(")")) {
            int open = partner[b];
            return open > 0 && (isName(tokens.get(open - 1), "if") || isName(tokens.get(open - 1), "while")
                    || isName(tokens.get(open - 1), "for"));
        }
        return before.is("{") || before.is(";") || isName(before, "else") || isName(before, "do");
    }

    /** The last token of the operand of {@code $} that starts at {@code i}, as jawk's parser reads it; -1 if none. */
    private int fieldNumberEnd(int i) {
        if (i >= tokens.size()) {
            return -1;
        }
        Token token = tokens.get(i);
        if (token.is("$") || isUnary(token) || token.is("++") || token.is("--")) {
            return fieldNumberEnd(i + 1);
        }
        if (token.is("(")) {
            return partner[i];
        }
        if (token.kind() == Kind.NAME && i + 1 < tokens.size() && tokens.get(i + 1).is("[")) {
            return partner[i + 1];
        }
        return token.kind() == Kind.NAME || token.kind() == Kind.NUMBER || token.kind() == Kind.STRING ? i : -1;
    }

    /** A parenthesis inserted at the start of a print's list needs a prefix, or jawk takes it for the whole list. */
    private String startsPrintList(int first) {
        Token before = first > 0 ? tokens.get(first - 1) : null;
        return before != null && (isName(before, "print") || isName(before, "printf")) ? "0?0:" : "";
    }

    private boolean hasSideEffects(int open, int close) {
        for (int j = open + 1; j < close; j++) {
            Token token = tokens.get(j);
            if (token.is("++") || token.is("--") || ASSIGNMENTS.contains(token.text()) && token.kind() == Kind.PUNCT
                    || isName(token, "getline") || (token.kind() == Kind.NAME && tokens.get(j + 1).is("("))) {
                return true;
            }
        }
        return false;
    }

    /**
     * jawk reads {@code print (a), b} as a print of {@code (a)} followed by a stray {@code , b}: a print whose list
     * only starts with a parenthesised expression gets a prefix that keeps the value and hides the parenthesis.
     */
    private void groupStartsPrintList(int open) {
        int close = partner[open];
        if (close < 0 || holdsList[open] || endsStatement(close + 1) || (close + 1 < tokens.size()
                && tokens.get(close + 1).is("?"))) {
            return;
        }
        edits.add(new Edit(tokens.get(open).start(), tokens.get(open).start(), "0?0:", edits.size()));
    }

    /** {@code (a, b)} is a list only as print's arguments or before {@code in}; elsewhere awk refuses it. */
    private void requireNoBareList(int open) {
        int close = partner[open];
        if (close >= 0 && holdsList[open] && !(close + 1 < tokens.size() && isName(tokens.get(close + 1), "in"))) {
            throw new Rejected(tokens.get(open).line(),
                    "a list in parentheses, `(a, b)`, is allowed only before `in` or as the whole list of a print");
        }
    }

    /** The token {@code back} tokens before the bracket that opens the one closed at {@code close}. */
    private Token opening(int close, int back) {
        int at = partner[close] - back;
        return partner[close] >= 0 && at >= 0 ? tokens.get(at) : new Token(Kind.NEWLINE, "", 0, 0, 0);
    }

    /** {@code function}, or gawk's short {@code func}. */
    private static boolean isFunctionKeyword(Token token) {
        return isName(token, "function") || isName(token, "func");
    }

    private static boolean isName(Token token, String name) {
        return token.kind() == Kind.NAME && token.text().equals(name);
    }

    private Token next(int i) {
        int j = i + 1;
        while (j < tokens.size() && tokens.get(j).kind() == Kind.NEWLINE) {
            j++;
        }
        return j < tokens.size() ? tokens.get(j) : new Token(Kind.NEWLINE, "", source.length(), source.length(), 0);
    }

    private boolean endsStatement(int i) {
        if (i >= tokens.size()) {
            return true;
        }
        Token token = tokens.get(i);
        return token.kind() == Kind.NEWLINE || token.is(";") || token.is("}") || token.is(">") || token.is(">>")
                || token.is("|");
    }

    /**
     * A number literal written as the plain decimal jawk reads as the number gawk reads: an exponent ({@code 1E2},
     * which jawk reads as 1 and a variable), an integer past 2^53 (jawk keeps it exact in a long, where every awk
     * number is a double) or past a long (jawk's parser fails on it), and gawk's octal ({@code 012}, which jawk reads
     * as 12) and hexadecimal literals ({@code 0x11}, 0 and a variable to jawk).
     */
    private void plainNumber(Token token) {
        String text = token.text();
        double value;
        if (text.length() > 2 && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            value = nonDecimal(text, 2, 16);
        } else if (text.length() > 1 && text.charAt(0) == '0' && text.chars().allMatch(c -> c >= '0' && c <= '7')
                && !(token.end() < source.length() && "eE".indexOf(source.charAt(token.end())) >= 0)) {
            // gawk reads 012 as octal, but 012e (an exponent begun, 012 and a name e) as decimal
            value = nonDecimal(text, 1, 8);
        } else if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0
                || (text.length() > 15 && text.chars().allMatch(c -> c >= '0' && c <= '9'))) {
            value = Double.parseDouble(text);
        } else {
            return;
        }
        String plain;
        if (Double.isInfinite(value)) {
            plain = INFINITE;
        } else if (value == Math.rint(value) && value < 1e18) {
            plain = Long.toString((long) value);
        } else {
            plain = new BigDecimal(Double.toString(value)).toPlainString();
            if (plain.indexOf('.') < 0) {
                plain += ".0";
            }
        }
        if (token.end() < source.length() && (source.charAt(token.end()) == '.'
                || Character.isLetterOrDigit(source.charAt(token.end())))) {
            // what gawk read as the rest of the literal (0x1.8.5 is 1 and .5) or as a name after it stays apart
            plain += " ";
        }
        if (!plain.equals(text)) {
            edits.add(new Edit(token.start(), token.end(), plain, edits.size()));
        }
    }

    /**
     * The value of an octal or hexadecimal literal's digits from {@code from} up to the first that is not one, summed
     * digit by digit in doubles as gawk sums them (so that a long one rounds as gawk's does).
     */
    private static double nonDecimal(String text, int from, int radix) {
        double value = 0;
        for (int k = from; k < text.length() && Character.digit(text.charAt(k), radix) >= 0; k++) {
            value = value * radix + Character.digit(text.charAt(k), radix);
        }
        return value;
    }

    /** A regular expression literal is {@code $0 ~ re} unless it is the right side of a match or a builtin's pattern. */
    private void regexAsValue(int i, Deque<String> calls) {
        Token before = i > 0 ? tokens.get(i - 1) : null;
        if (before != null && (before.is("~") || before.is("!~"))) {
            return;
        }
        if (before != null && (before.is("(") || before.is(",")) && REGEX_TAKERS.contains(calls.isEmpty() ? "" : calls.peek())) {
            return;
        }
        Token regex = tokens.get(i);
        edits.add(new Edit(regex.start(), regex.start(), startsPrintList(i) + "($0 ~ ", edits.size()));
        edits.add(new Edit(regex.end(), regex.end(), ")", edits.size()));
    }

    /** A unary operator that follows another unary operator, or {@code ^}: jawk's grammar wants a plain operand there. */
    private boolean nestedUnary(int i) {
        if (!operandExpectedAfter(i - 1) || i == 0) {
            return false;
        }
        Token before = tokens.get(i - 1);
        return before.is("^") || before.is("**") || (UNARY.contains(before.text()) && before.kind() == Kind.PUNCT
                && operandExpectedAfter(i - 2));
    }

    /**
     * The index of the last token of the operand of a unary operator that starts at {@code i}: awk's {@code ^} binds
     * tighter, and is right-associative, so the operand runs over a chain of them.
     */
    private int operandEnd(int i) {
        int k = i;
        while (true) {
            while (k < tokens.size() && (isUnary(tokens.get(k)) || tokens.get(k).is("++") || tokens.get(k).is("--")
                    || tokens.get(k).is("$"))) {
                k++;
            }
            if (k >= tokens.size()) {
                return tokens.size() - 1;
            }
            Token token = tokens.get(k);
            if ((token.is("(") || (token.kind() == Kind.NAME && k + 1 < tokens.size()
                    && (tokens.get(k + 1).is("(") || tokens.get(k + 1).is("[")))) && partner[token.is("(") ? k : k + 1] >= 0) {
                k = partner[token.is("(") ? k : k + 1];
            }
            if (k + 1 < tokens.size() && (tokens.get(k + 1).is("++") || tokens.get(k + 1).is("--"))) {
                k++;
            }
            if (k + 2 < tokens.size() && (tokens.get(k + 1).is("^") || tokens.get(k + 1).is("**"))) {
                k += 2;
            } else {
                return k;
            }
        }
    }

    private static boolean isUnary(Token token) {
        return token.kind() == Kind.PUNCT && UNARY.contains(token.text());
    }

    private void parenthesise(int from, int to) {
        edits.add(new Edit(tokens.get(from).start(), tokens.get(from).start(), "(", edits.size()));
        edits.add(new Edit(tokens.get(to).end(), tokens.get(to).end(), ")", edits.size()));
    }

    /**
     * {@code 1 && x = 2} is {@code 1 && (x = 2)} in awk: the assignment, its left side a variable, field or element.
     * After a redirection ({@code print 1 > f = "x"}, {@code getline l < f = "x"}) gawk refuses an assignment, and
     * jawk would take it for the file name: the script is refused.
     */
    private void assignmentAsOperand(int i, boolean inParentheses) {
        int start = i - 1;
        if (start < 0) {
            return;
        }
        if (tokens.get(start).is("]")) {
            start = partner[start] - 1;
        }
        if (start < 0) {
            return;
        }
        boolean field = start > 0 && tokens.get(start - 1).is("$");
        if (tokens.get(start).kind() != Kind.NAME && !(field && tokens.get(start).kind() == Kind.NUMBER)) {
            return;
        }
        if (field) {
            start--;
        }
        if (start == 0 || !BEFORE_ASSIGNMENT_OPERAND.contains(tokens.get(start - 1).text())
                || tokens.get(start - 1).kind() != Kind.PUNCT) {
            return;
        }
        Token operator = tokens.get(start - 1);
        if (operator.is("<") && afterGetline(start - 1) || operator.is(">") && !inParentheses && inPrint(start - 1)) {
            throw new Rejected(operator.line(), "the file name after `" + operator.text()
                    + "` cannot be an assignment unless it is in parentheses");
        }
        int questions = 0;
        int end = i + 1;
        for (; end < tokens.size(); end++) {
            Token token = tokens.get(end);
            if ((token.is("(") || token.is("[")) && partner[end] >= 0) {
                end = partner[end];
            } else if (token.is(")") || token.is("]")) {
                break;
            } else if ((token.kind() == Kind.NEWLINE || token.is(",") || token.is(";")
                    || token.is("{") || token.is("}"))) {
                break;
            } else if (token.is("?")) {
                questions++;
            } else if (token.is(":") && questions-- == 0) {
                break;
            }
        }
        parenthesise(start, end - 1);
    }

    /**
     * {@code a == b == c} and {@code 1 < 2 < 3} are syntax errors in awk, whose comparisons do not chain; jawk reads
     * them as {@code (a == b) == c}. A {@code <} that names getline's file and a {@code >} that redirects print's
     * output are not comparisons.
     */
    private void refuseChainedComparisons() {
        Deque<Integer> lastComparison = new ArrayDeque<>();
        lastComparison.push(-1);
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("(") || token.is("[")) {
                lastComparison.push(-1);
            } else if ((token.is(")") || token.is("]")) && lastComparison.size() > 1) {
                lastComparison.pop();
            } else if (token.kind() == Kind.NEWLINE || token.is(";") || token.is("{") || token.is("}")
                    || token.is(",") || token.is("&&") || token.is("||") || token.is("?") || token.is(":")
                    || token.is("|") || token.is(">>") || isName(token, "in")
                    || token.kind() == Kind.PUNCT && ASSIGNMENTS.contains(token.text())) {
                lastComparison.pop();
                lastComparison.push(-1);
            } else if (COMPARISONS.contains(token.text()) && token.kind() == Kind.PUNCT
                    && !(token.is("<") && afterGetline(i))
                    && !(token.is(">") && lastComparison.size() == 1 && inPrint(i))) {
                if (lastComparison.peek() >= 0) {
                    throw new Rejected(token.line(), "comparisons do not chain in AWK: write `(a "
                            + tokens.get(lastComparison.peek()).text() + " b) " + token.text() + " c` or join two "
                            + "comparisons with `&&`");
                }
                lastComparison.pop();
                lastComparison.push(i);
            }
        }
    }

    /** Whether the token at {@code at} is in a print or printf statement, outside any parentheses of it. */
    private boolean inPrint(int at) {
        for (int k = at - 1; k >= 0; k--) {
            Token token = tokens.get(k);
            if (token.kind() == Kind.NEWLINE || token.is(";") || token.is("{") || token.is("}")) {
                return false;
            }
            if (token.is(")") && partner[k] >= 0) {
                k = partner[k];
            } else if (isName(token, "print") || isName(token, "printf")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The token after getline's target at {@code name} ({@code getline}, {@code getline v}, {@code getline a[i]},
     * {@code getline $n}): where its {@code <} is when it reads a file.
     */
    private int afterGetlineTarget(int name) {
        int next = name + 1;
        if (next >= tokens.size()) {
            return next;
        }
        Token target = tokens.get(next);
        if (target.is("$")) {
            return Math.max(next, fieldNumberEnd(next + 1) + 1);
        }
        if (target.kind() == Kind.NAME && next + 1 < tokens.size() && tokens.get(next + 1).is("[")) {
            return partner[next + 1] < 0 ? next : partner[next + 1] + 1;
        }
        return target.kind() == Kind.NAME ? next + 1 : next;
    }

    /** Whether the {@code <} at {@code less} reads a file for getline rather than compares. */
    private boolean afterGetline(int less) {
        if (getlineFiles == null) {
            // one pass for the whole script: a statement of many `<` must not be scanned again for each
            getlineFiles = new boolean[tokens.size()];
            for (int k = 0; k < tokens.size(); k++) {
                int after = isName(tokens.get(k), "getline") ? afterGetlineTarget(k) : -1;
                if (after >= 0 && after < tokens.size() && tokens.get(after).is("<")) {
                    getlineFiles[after] = true;
                }
            }
        }
        return getlineFiles[less];
    }

    private String apply() {
        if (edits.isEmpty()) {
            return source;
        }
        // at one position, insertions come before the replacement of the token that starts there
        edits.sort(Comparator.comparingInt(Edit::at).thenComparing(edit -> edit.end() > edit.at())
                .thenComparingInt(Edit::order));
        StringBuilder out = new StringBuilder(source.length() + edits.size() * 8);
        if (decrementDefined) {
            // on the first line, before the script's first item, so that no line moves and no error follows it
            out.append(FIELD_DECREMENT_DEFINED);
        }
        int copied = 0;
        for (Edit edit : edits) {
            out.append(source, copied, edit.at()).append(edit.text());
            copied = edit.end();
        }
        return out.append(source, copied, source.length()).toString();
    }
}
