package dev.awkplayground.engine.jawk;

import dev.awkplayground.engine.AwkRegex;
import dev.awkplayground.engine.Regexes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.metricshub.jawk.intermediate.AwkTuples;

/**
 * Puts what jawk's lexer and parser say about a script that does not compile into plain words, with the line it is
 * about: {@code Expecting an Token.ID. Got NEWLINE: \n (<command-line-supplied-script>:2)} becomes
 * {@code line 2: expected a value (a number, a string, a variable or a function call), found the end of the line}.
 * Messages it does not know keep jawk's wording, after the line.
 * <p>
 * jawk gives the line its reader had reached, which is one past the token when the token ended its line, and the
 * last line for checks made after parsing; {@link #translate} finds the line of the token the message names.
 * <p>
 * It also checks the script's regular-expression literals, which jawk only compiles when a run reaches them, so that
 * {@code /[a-/} is refused like any other syntax error (as gawk does) instead of failing a run with Java's message.
 */
public final class ParserMessages {
    // jawk appends " (<source>:<line>)" to its lexer, parser and semantic messages.
    private static final Pattern LOCATION = Pattern.compile("\\s*\\([^()]*:(\\d+)\\)\\s*$");
    private static final Set<String> KEYWORDS = Set.of("BEGIN", "END", "function", "func", "in", "if", "else",
            "while", "for", "do", "return", "exit", "next", "continue", "delete", "break", "print", "printf",
            "getline");
    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("OPEN_PAREN", "("), Map.entry("CLOSE_PAREN", ")"),
            Map.entry("OPEN_BRACE", "{"), Map.entry("CLOSE_BRACE", "}"),
            Map.entry("OPEN_BRACKET", "["), Map.entry("CLOSE_BRACKET", "]"),
            Map.entry("SEMICOLON", ";"), Map.entry("COMMA", ","), Map.entry("COLON", ":"),
            Map.entry("EQUALS", "="), Map.entry("KW_IN", "in"), Map.entry("KW_WHILE", "while"));
    private static final String A_VALUE = "a value (a number, a string, a variable or a function call)";

    /**
     * A message in plain words.
     *
     * @param message       the plain message, starting with {@code line N: } when the line is known
     * @param line          the script line it is about, {@code null} when not known
     * @param parserMessage what the parser said, without its source location
     */
    public record Translation(String message, Integer line, String parserMessage) {
    }

    /** One kind of jawk message: its pattern, and how to say it plainly (null: keep jawk's words). */
    private record Rule(Pattern pattern, BiFunction<Matcher, Script, Plain> plain) {
        static Rule of(String regex, BiFunction<Matcher, Script, Plain> plain) {
            return new Rule(Pattern.compile(regex, Pattern.DOTALL), plain);
        }
    }

    /** A plain message and the line it is about. */
    private record Plain(String text, Integer line) {
    }

    private static final List<Rule> RULES = List.of(
            Rule.of("Expecting CLOSE_BRACE\\. Found: EOF \\(\\)", (m, s) -> new Plain(
                    "expected `}`, found the end of the script: a `{` is not closed", s.lastLine())),
            Rule.of("Expecting OPEN_PAREN\\. Found: (\\w+) \\((.*)\\)", ParserMessages::keywordWithoutParenthesis),
            Rule.of("Expecting (\\w+)\\. Found: (\\w+) \\((.*)\\)", (m, s) -> new Plain(
                    "expected " + expected(m.group(1)) + ", found " + found(m.group(2), m.group(3)),
                    s.tokenLine(m.group(2), m.group(3)))),
            Rule.of("Expecting an Token\\.ID\\. Got (\\w+):\\s?(.*)", ParserMessages::valueExpected),
            Rule.of("Expecting statement terminator\\. Got (\\w+):\\s?(.*)", (m, s) -> new Plain(
                    "expected the end of the statement (a new line or `;`), found " + found(m.group(1), m.group(2)),
                    s.tokenLine(m.group(1), m.group(2)))),
            Rule.of("Expecting function name\\. Got (\\w+):\\s?(.*)", ParserMessages::functionName),
            Rule.of("Expecting ;\\. Got (\\w+):\\s?(.*)", (m, s) -> new Plain(
                    "expected `;` between the parts of `for (start; condition; step)`, found "
                            + found(m.group(1), m.group(2)), s.tokenLine(m.group(1), m.group(2)))),
            Rule.of("Expecting an ARRAY Token\\.ID for 'in' statement\\. Got (\\w+):\\s?(.*)", (m, s) -> new Plain(
                    "expected an array's name after `in`, found " + found(m.group(1), m.group(2)),
                    s.tokenLine(m.group(1), m.group(2)))),
            Rule.of("Expecting (\\w+)\\. Got (\\w+):\\s?(.*)", (m, s) -> new Plain(
                    "expected `" + m.group(1) + "`, found " + found(m.group(2), m.group(3)),
                    s.tokenLine(m.group(2), m.group(3)))),
            Rule.of("Unterminated string: (.*)", ParserMessages::unterminated),
            Rule.of("use && for logical and", (m, s) -> new Plain(
                    "a single `&` is not an AWK operator: write `&&` for \"and\"", s.tokenLine("AND", "&"))),
            Rule.of("Invalid character \\(\\d+\\): (.)", (m, s) -> new Plain(
                    "the character `" + m.group(1) + "` has no meaning in AWK outside strings and regular expressions",
                    s.tokenLine("", m.group(1)))),
            Rule.of("Decimal point encountered with no values on either side\\.", (m, s) -> new Plain(
                    "a `.` with no digit on either side is not a number", s.nextLine())),
            Rule.of("Use \\[a,b,c,\\.\\.\\.\\] instead of .*", (m, s) -> new Plain(
                    "write `a[i, j]`, not `a[i][j]`: an AWK array takes several indices separated by commas",
                    s.lineWith("\\]\\s*\\["))),
            Rule.of("Cannot terminate a formal parameter list with a comma\\.", (m, s) -> new Plain(
                    "a function's parameter list ends with a comma", s.lineWith(",\\s*\\)"))),
            Rule.of("multiply defined parameter (\\w+) in function (\\w+)", (m, s) -> new Plain(
                    "the function `" + m.group(2) + "` names its parameter `" + m.group(1) + "` twice",
                    s.lineWith("function\\s+" + m.group(2) + "\\b"))),
            Rule.of("function .* already defined", ParserMessages::functionDefinedTwice),
            Rule.of("cannot use (\\w+) as a variable; it is a function", (m, s) -> new Plain(
                    "`" + m.group(1) + "` is a function, so it cannot also be a variable",
                    s.lineWith("\\b" + m.group(1) + "\\b(?!\\s*\\()"))),
            Rule.of("cannot use (\\w+) as a function; it is a variable", (m, s) -> new Plain(
                    "`" + m.group(1) + "` is a variable, so it cannot also be a function",
                    s.lineWith("\\b" + m.group(1) + "\\s*\\("))),
            Rule.of("function .*\\((\\w+)\\) not defined", (m, s) -> new Plain(
                    "the function `" + m.group(1) + "` is called but not defined", s.lineWith("\\b" + m.group(1)
                            + "\\s*\\("))),
            Rule.of("Cannot use IDAst \\((\\w+)\\) as an? (?:scalar|array)\\..*", (m, s) -> new Plain(
                    "`" + m.group(1) + "` is used both as an array and as a plain variable",
                    s.lineWith("\\b" + m.group(1) + "\\b"))),
            Rule.of("(\\w+): Actual parameter \\((?:\\w+Ast \\()?([^()]+)\\)?\\) is an? (array|scalar), but formal "
                    + "parameter is used like an? (?:scalar|array)\\.", (m, s) -> new Plain(
                    "the function `" + m.group(1) + "` is called with " + (m.group(3).equals("array")
                            ? "the array `" + m.group(2) + "` but uses that parameter as a plain variable"
                            : "the plain value `" + m.group(2) + "` but uses that parameter as an array"),
                    s.lineWith("\\b" + m.group(1) + "\\s*\\((?!.*\\{)"))),
            Rule.of("Expecting an array for rhs of IN\\. Got (a scalar|an expression)\\.", (m, s) -> new Plain(
                    "`in` needs an array's name on its right, found " + (m.group(1).equals("a scalar")
                            ? "a plain variable" : "an expression"), s.lineWith("\\bin\\b"))),
            Rule.of("Special variable (\\w+) cannot be used as a formal parameter", (m, s) -> new Plain(
                    "`" + m.group(1) + "` is a built-in variable, so it cannot be a function's parameter",
                    s.lineWith("function.*\\b" + m.group(1) + "\\b"))),
            Rule.of("(g?sub) cannot accept an unindexed array as its 3rd argument", (m, s) -> new Plain(
                    "the third argument of " + m.group(1) + "() is an array: it must be a variable, a field or an "
                            + "element", s.lineWith("\\b" + m.group(1) + "\\s*\\("))),
            Rule.of("Not a valid statement\\.", (m, s) -> new Plain(
                    "a value on its own in parentheses is not a statement here: remove the parentheses",
                    s.nearestLine())),
            Rule.of("Cannot perform an assignment on: (\\w+).*", ParserMessages::notAssignable),
            Rule.of("(?:Must call next within an input rule|cannot next; not within any input rules|"
                    + "Cannot call next here)\\.?", (m, s) -> new Plain(
                    "`next` only works in the rules that read input, not in BEGIN or END", s.lineWith("\\bnext\\b"))),
            Rule.of("cannot break; not within a loop", (m, s) -> new Plain(
                    "`break` only works inside a loop", s.lineWith("\\bbreak\\b"))),
            Rule.of("cannot issue a continue; not within any loops", (m, s) -> new Plain(
                    "`continue` only works inside a loop", s.lineWith("\\bcontinue\\b"))),
            Rule.of("Cannot use return here\\.", (m, s) -> new Plain(
                    "`return` only works inside a function", s.lineWith("\\breturn\\b"))));

    private ParserMessages() {
    }

    /**
     * Puts a message of jawk's lexer, parser or semantic checks into plain words.
     *
     * @param script      the script jawk refused
     * @param jawkMessage what jawk said, with its {@code (<source>:<line>)} suffix
     * @return the plain message, its line, and jawk's message without the suffix
     */
    public static Translation translate(String script, String jawkMessage) {
        String original = jawkMessage == null ? "the script could not be compiled" : jawkMessage;
        Matcher location = LOCATION.matcher(original);
        Integer reported = null;
        if (location.find()) {
            reported = Integer.valueOf(location.group(1));
            original = original.substring(0, location.start());
        }
        Script source = new Script(script, reported);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(original);
            if (m.matches()) {
                Plain plain = rule.plain().apply(m, source);
                return new Translation(atLine(plain.line(), plain.text()), plain.line(), original);
            }
        }
        Integer line = reported == null ? null : source.nearestLine();
        return new Translation(atLine(line, original), line, original);
    }

    /**
     * Compiles every regular-expression literal of a compiled script, as jawk would on reaching it.
     *
     * @return the first literal that does not compile, in plain words; {@code null} when all do
     */
    static Translation invalidRegularExpression(String script, AwkTuples tuples) {
        for (String regex : regexLiterals(tuples)) {
            if (regex.length() > Regexes.MAX_LENGTH) {
                // Java compiles a long literal in time that grows with the square of its length, uninterruptibly.
                return new Translation("a regular expression of " + regex.length() + " characters is over the limit of "
                        + Regexes.MAX_LENGTH, null, null);
            }
            try {
                AwkRegex.compile(regex, 0);
            } catch (PatternSyntaxException e) {
                String written = "/" + regex.replace("/", "\\/") + "/";
                Integer line = new Script(script, null).lineWith(Pattern.quote(written));
                return new Translation(atLine(line, "the regular expression `" + written + "` is not valid: "
                        + AwkRegex.problem(e)), line, e.getMessage());
            }
        }
        return null;
    }

    /** The literals jawk compiles at its REGEXP instructions, read from its listing of the compiled script. */
    private static List<String> regexLiterals(AwkTuples tuples) {
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        tuples.dump(new PrintStream(listing, true, StandardCharsets.UTF_8));
        String marker = "REGEXP, \"";
        return listing.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(" : " + marker))
                .map(line -> line.substring(line.indexOf(marker) + marker.length(), line.lastIndexOf('"')))
                .distinct()
                .toList();
    }

    private static String atLine(Integer line, String message) {
        return line == null ? message : "line " + line + ": " + message;
    }

    private static Plain valueExpected(Matcher m, Script s) {
        String kind = m.group(1);
        String text = m.group(2);
        Integer line = s.tokenLine(kind, text);
        if (kind.startsWith("KW_")) {
            return new Plain("expected " + A_VALUE + ", found the keyword `" + text + "`: a keyword cannot be used "
                    + "as a variable name", line);
        }
        if ("EQUALS".equals(kind)) {
            String before = s.keywordBefore(line, "=");
            if (before != null) {
                return new Plain("`" + before + "` is a keyword, so it cannot be used as a variable name", line);
            }
            return new Plain("expected " + A_VALUE + ", found `=` (`==` compares, `=` assigns)", line);
        }
        return new Plain("expected " + A_VALUE + ", found " + found(kind, text), line);
    }

    /** {@code if = 1}: jawk expects the parenthesis that follows {@code if}, {@code while} or {@code for}. */
    private static Plain keywordWithoutParenthesis(Matcher m, Script s) {
        Integer line = s.tokenLine(m.group(1), m.group(2));
        String keyword = s.keywordBefore(line, m.group(2));
        if (keyword != null && Set.of("if", "while", "for").contains(keyword)) {
            return new Plain("`" + keyword + "` is a keyword and must be followed by `(`: it cannot be used as a "
                    + "variable name", line);
        }
        return new Plain("expected `(`, found " + found(m.group(1), m.group(2)), line);
    }

    private static Plain functionName(Matcher m, Script s) {
        String kind = m.group(1);
        String text = m.group(2);
        Integer line = s.tokenLine(kind, text);
        if (kind.startsWith("KW_")) {
            return new Plain("`" + text + "` is a keyword, so it cannot be the name of a function", line);
        }
        if ("BUILTIN_FUNC_NAME".equals(kind)) {
            return new Plain("`" + text + "` is a built-in function, so it cannot be defined again", line);
        }
        return new Plain("expected a function name after `function`, found " + found(kind, text), line);
    }

    private static Plain unterminated(Matcher m, Script s) {
        String text = m.group(1);
        String shown = text.length() > 30 ? text.substring(0, 27) + "..." : text;
        Integer line = s.nearestLine();
        if (text.startsWith("/")) {
            return new Plain("the regular expression `" + shown + "` is not closed: end it with `/` on the same line",
                    line);
        }
        return new Plain("the string `" + shown + "` is not closed: end it with `\"` on the same line", line);
    }

    private static Plain functionDefinedTwice(Matcher m, Script s) {
        Set<String> seen = new HashSet<>();
        Matcher definition = Pattern.compile("\\bfunc(?:tion)?\\s+(\\w+)").matcher(s.text());
        while (definition.find()) {
            if (!seen.add(definition.group(1))) {
                return new Plain("the function `" + definition.group(1) + "` is defined twice",
                        s.lineOf(definition.start()));
            }
        }
        return new Plain("a function is defined twice", s.nearestLine());
    }

    private static Plain notAssignable(Matcher m, Script s) {
        String target = switch (m.group(1)) {
            case "ComparisonExpressionAst" -> "a comparison (`==` compares, `=` assigns)";
            case "RegexpAst" -> "a regular expression";
            case "GetlineAst" -> "`getline` (write `getline var` to read into a variable)";
            case "BuiltinFunctionCallAst" -> "a built-in function";
            case "IntegerAst", "DoubleAst" -> "a number";
            case "StringAst" -> "a string";
            default -> "this expression";
        };
        return new Plain("cannot assign to " + target + ": the left side of `=` must be a variable, a field such as "
                + "`$1`, or an array element", s.nearestLine());
    }

    /** An expected token, as jawk names it. */
    private static String expected(String kind) {
        String symbol = SYMBOLS.get(kind);
        if (symbol != null) {
            return "`" + symbol + "`";
        }
        return switch (kind) {
            case "ID" -> "a name";
            case "NEWLINE" -> "a new line";
            default -> kind.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** A token jawk found, with its text. */
    private static String found(String kind, String text) {
        return switch (kind) {
            case "EOF" -> "the end of the script";
            case "NEWLINE" -> "the end of the line";
            case "ID", "FUNC_ID" -> "the name `" + text + "`";
            case "INTEGER", "DOUBLE" -> "the number `" + text + "`";
            case "STRING" -> "the string `" + text + "`";
            case "BUILTIN_FUNC_NAME" -> "the built-in function `" + text + "`";
            default -> kind.startsWith("KW_") ? "the keyword `" + text + "`" : "`" + text.strip() + "`";
        };
    }

    /** The script's lines, and the line jawk's reader had reached. */
    private record Script(String text, Integer reported) {
        String[] lines() {
            return text.split("\n", -1);
        }

        /** The last line that holds something. */
        int lastLine() {
            String[] lines = lines();
            int line = lines.length;
            while (line > 1 && lines[line - 1].isBlank()) {
                line--;
            }
            return line;
        }

        /** jawk's line, stepped back over lines of braces and blanks, within the script. */
        Integer nearestLine() {
            return reported == null ? null : JawkInterpreter.statementLine(text, Math.max(1, reported));
        }

        /** The line after the one jawk's reader had finished: where the token it was reading starts. */
        Integer nextLine() {
            return reported == null ? null : Math.min(reported + 1, lines().length);
        }

        /**
         * The line of the token jawk was looking at. Its reader has read one character past the token: when that
         * character was the newline ending the token's line, the reader's count is that line; otherwise one less.
         */
        Integer tokenLine(String kind, String tokenText) {
            if (reported == null) {
                return null;
            }
            String[] lines = lines();
            if ("EOF".equals(kind)) {
                return lastLine();
            }
            if ("NEWLINE".equals(kind)) {
                return Math.max(1, Math.min(reported, lines.length));
            }
            if (reported >= 1 && reported <= lines.length && lines[reported - 1].stripTrailing().endsWith(tokenText)) {
                return reported;
            }
            return Math.min(reported + 1, lines.length);
        }

        /** The first line matching a pattern, or jawk's when none does. */
        Integer lineWith(String regex) {
            Matcher m = Pattern.compile(regex).matcher(text);
            return m.find() ? lineOf(m.start()) : nearestLine();
        }

        int lineOf(int offset) {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        /** The keyword written just before a token on a line, if it is one: {@code if} in {@code if = 1}. */
        String keywordBefore(Integer line, String tokenText) {
            if (line == null || tokenText.isBlank()) {
                return null;
            }
            Matcher m = Pattern.compile("\\b(\\w+)\\s*" + Pattern.quote(tokenText.strip())).matcher(lines()[line - 1]);
            while (m.find()) {
                if (KEYWORDS.contains(m.group(1))) {
                    return m.group(1);
                }
            }
            return null;
        }
    }
}
