package dev.awkplayground.engine.jawk;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.ScriptRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The plain messages of the mistakes newcomers make, from jawk's own parser: each script is compiled for real and
 * the wording, the line and jawk's original message are pinned.
 */
class ParserMessagesTest {
    private final ScriptCompiler compiler = new ScriptCompiler(Mode.VULNERABLE, 0);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", textBlock = """
            missing closing brace     | 'BEGIN {\\n  x = 1\\n  print x\\n'   | 3 | expected `}`, found the end of the script: a `{` is not closed
            missing brace, one line   | '{ print $1'                       | 1 | expected `}`, found the end of the script: a `{` is not closed
            missing closing quote     | 'BEGIN {\\n  print "hello\\n}'     | 2 | the string `"hello` is not closed: end it with `"` on the same line
            missing closing slash     | '/error {\\n  print\\n}'           | 1 | the regular expression `/error {` is not closed: end it with `/` on the same line
            bad range in a regex      | '$1 ~ /[a-/ { print }'             | 1 | the regular expression `/[a-/` is not valid: a range such as `a-z` has no end, or ends before it starts
            unclosed group in a regex | 'NR > 1\\n/(ab/ { n++ }'           | 2 | the regular expression `/(ab/` is not valid: a `(` is not closed by `)`
            count going down          | '/a{2,1}/'                         | 1 | the regular expression `/a{2,1}/` is not valid: a count such as `{2,3}` ends before it starts
            === instead of ==         | '$1 === "root" { print $7 }'       | 1 | expected a value (a number, a string, a variable or a function call), found `=` (`==` compares, `=` assigns)
            = after a comparison      | '$1 == "a" = 1'                    | 1 | cannot assign to a comparison (`==` compares, `=` assigns): the left side of `=` must be a variable, a field such as `$1`, or an array element
            if as a variable          | 'BEGIN {\\n  if = 1\\n}'           | 2 | `if` is a keyword and must be followed by `(`: it cannot be used as a variable name
            print as a variable       | 'BEGIN { print = 1 }'              | 1 | `print` is a keyword, so it cannot be used as a variable name
            in as a variable          | 'BEGIN { in = 3 }'                 | 1 | expected a value (a number, a string, a variable or a function call), found the keyword `in`: a keyword cannot be used as a variable name
            keyword as a function     | 'function print(x) { }'            | 1 | `print` is a keyword, so it cannot be the name of a function
            built-in as a function    | 'function length(s) { }'           | 1 | `length` is a built-in function, so it cannot be defined again
            operand missing at EOL    | 'BEGIN {\\n  print 1 +\\n}'        | 2 | expected a value (a number, a string, a variable or a function call), found the end of the line
            missing parenthesis       | 'BEGIN {\\n  x = 1\\n  print (x\\n}' | 3 | expected `)`, found the end of the line
            single ampersand          | 'NR > 1 & NF'                      | 1 | a single `&` is not an AWK operator: write `&&` for "and"
            gawk's a[i][j]            | 'BEGIN { a[1][2] = 3 }'            | 1 | write `a[i, j]`, not `a[i][j]`: an AWK array takes several indices separated by commas
            next in BEGIN             | 'BEGIN {\\n  next\\n}'             | 2 | `next` only works in the rules that read input, not in BEGIN or END
            undefined function        | 'BEGIN {\\n  x = 1\\n  y = f(x)\\n}' | 3 | the function `f` is called but not defined
            array for a scalar param  | 'function f(x) {\\n  x = 1\\n}\\nBEGIN { a[1]; f(a) }' | 4 | the function `f` is called with the array `a` but uses that parameter as a plain variable
            constant for an array     | 'function f(x) {\\n  x[1] = 1\\n}\\nBEGIN { f(1) }' | 4 | the function `f` is called with the plain value `1` but uses that parameter as an array
            in a scalar               | 'BEGIN {\\n  j = 4\\n  if ("foo" in j) print }' | 3 | `in` needs an array's name on its right, found a plain variable
            FS as a parameter         | 'BEGIN { foo() }\\nfunction foo(a, FS) { }' | 2 | `FS` is a built-in variable, so it cannot be a function's parameter
            sub on an array           | 'BEGIN {\\n  a[1] = 1\\n  sub(/x/, "", a)\\n}' | 3 | the third argument of sub() is an array: it must be a variable, a field or an element
            a value in parentheses    | 'BEGIN {\\n  (a)\\n}'          | 2 | a value on its own in parentheses is not a statement here: remove the parentheses
            """)
    void commonMistakesAreExplainedAtTheirLine(String mistake, String script, int line, String message) {
        ScriptRejectedException rejected = reject(script.replace("\\n", "\n"));

        assertThat(rejected.reason(), is(ScriptRejectedException.Reason.SYNTAX));
        assertThat(rejected.getMessage(), is("line " + line + ": " + message));
        assertThat(rejected.line(), is(line));
    }

    @Test
    void jawksOwnMessageIsKeptWithoutItsSourceName() {
        ScriptRejectedException rejected = reject("BEGIN {\nprint 1 +\n}");
        assertThat(rejected.parserMessage(), is("Expecting an Token.ID. Got NEWLINE:"));

        ScriptRejectedException regex = reject("/[a-/");
        assertThat(regex.parserMessage(), startsWith("Illegal character range near index 3"));
    }

    @Test
    void anAssignmentInAPatternIsValidAwkAndCompiles() {
        // As in gawk: `$1 = "x"` assigns and is true, so every line is printed. Not a syntax error to translate.
        compiler.compile("$1 = \"x\" { print }");
    }

    @Test
    void aMessageWithoutATranslationKeepsJawksWordsAfterTheLine() {
        ScriptRejectedException rejected = reject("BEGIN { x = substr(\"abc\") }");
        assertThat(rejected.getMessage(), is("line 1: substr requires 2 or 3 arguments, not 1"));
        assertThat(rejected.parserMessage(), is("substr requires 2 or 3 arguments, not 1"));
    }

    @Test
    void regularExpressionsThatCompileAreLeftAlone() {
        compiler.compile("/^[a-z]+\\/[0-9]*$/ && $2 ~ /(x|y)+/ { n++ } END { print n / 2 / 1 }");
    }

    private ScriptRejectedException reject(String script) {
        return assertThrows(ScriptRejectedException.class, () -> compiler.compile(script));
    }
}
