package dev.awkplayground.engine.jawk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.EngineTables;
import dev.awkplayground.engine.EngineTables.Row;
import dev.awkplayground.engine.Outcome;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * One row per workaround of jawk 5.0.00 that this package makes (its package documentation lists them with the class
 * of each), run at the engine in vulnerable mode. When jawk is upgraded, a row that fails names the workaround that
 * no longer holds, or is no longer needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JawkWorkaroundsTest {
    private EngineTables.Engines engine;

    @BeforeAll
    void start() {
        engine = EngineTables.engines(Mode.VULNERABLE);
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    Stream<Row> workarounds() {
        String catastrophic = "a".repeat(60) + "!";
        return Stream.of(
                // Limits checked from inside the interpreter (GuardedPositionTracker, RunGuard).
                new Row("deadline: a loop with no I/O stops", "BEGIN { while (1) {} }", "", "", Outcome.TIMEOUT, null),
                new Row("memory: an array that grows stops", "BEGIN { s = sprintf(\"%1000s\", \"\"); while (1) a[i++] = s i }", "",
                        null, Outcome.MEMORY_LIMIT, null),
                new Row("memory: recursion stops, its frames counted",
                        "function f(n, s) { s = t n; return f(n + 1) } BEGIN { t = sprintf(\"%100000s\", \"\"); f(1) }", "", null,
                        Outcome.MEMORY_LIMIT, null),
                new Row("one step: CONVFMT's width is checked (AwkFormat)",
                        "BEGIN { CONVFMT = \"%300000000.1f\"; x = 1.5 \"\" }", "", null, Outcome.MEMORY_LIMIT, "CONVFMT"),
                new Row("one step: OFMT's width is checked", "BEGIN { OFMT = \"%300000000.1f\"; print 1.5 }", "", "",
                        Outcome.OUTPUT_LIMIT, "OFMT"),
                new Row("one step: printf's width is checked against the output limit",
                        "BEGIN { printf \"%2000000000d\", 1 }", "", "", Outcome.OUTPUT_LIMIT, null),
                new Row("printf: a flag Java's formatter knows and AWK does not is text, as gawk prints it (AwkFormat)",
                        "BEGIN { printf \"%(300000000d|%,300000000.1f|%<5d|\", 1 }", "",
                        "%(300000000d|%,300000000.1f|%<5d|", Outcome.COMPLETED, null),
                new Row("one step: OFMT that is not a specification is text", "BEGIN { OFMT = \"%,300000000.1f\"; "
                        + "print 1.5 }", "", "%,300000000.1f\n", Outcome.COMPLETED, null),
                new Row("one step: CONVFMT with an argument index is checked", "BEGIN { CONVFMT = "
                        + "\"%1$300000000.1f\"; x = 1.5 \"\" }", "", null, Outcome.MEMORY_LIMIT, "CONVFMT"),
                new Row("one step: a * width taken by index is checked",
                        "BEGIN { printf \"%1$*2$d\", 1, 300000000 }", "", "", Outcome.OUTPUT_LIMIT, "printf"),
                new Row("one step: printf to a file is checked before it opens a byte",
                        "BEGIN { printf \"%300000000d\", 1 > \"/dev/null\" }", "", "", Outcome.OUTPUT_LIMIT, "printf"),
                new Row("one step: printf to a command is checked",
                        "BEGIN { printf \"%300000000d\", 1 | \"cat\" }", "", "", Outcome.OUTPUT_LIMIT, "printf"),
                new Row("one step: precisions are checked in every conversion", "BEGIN { x = sprintf(\"%.300000000f\", 1)"
                        + " }", "", null, Outcome.MEMORY_LIMIT, "sprintf()"),
                new Row("one step: a precision on an integer is checked", "BEGIN { x = sprintf(\"%.300000000d\", 1) }",
                        "", null, Outcome.MEMORY_LIMIT, "sprintf()"),
                new Row("printf: a large precision within the limits is built without big-number arithmetic",
                        "BEGIN { x = sprintf(\"%.2000000f|%.2000000e|%#.2000000g\", 1/3, 2, 3); print length(x), "
                        + "substr(x, 1, 8), substr(x, 2000002, 12) }", "", "6000011 0.333333 0|2.00000000\n",
                        Outcome.COMPLETED, null),
                new Row("printf: missing arguments are AWK's error, not a literal %d",
                        "BEGIN { printf \"%d %d\", 1 }", "", "", Outcome.ERROR,
                        "not enough arguments to satisfy format string"),
                new Row("one step: sprintf's * width is checked", "BEGIN { x = sprintf(\"%*d\", 2000000000, 1) }", "",
                        null, Outcome.MEMORY_LIMIT, null),
                new Row("one step: gsub's result is checked",
                        "BEGIN { s = sprintf(\"%100000s\", \"\"); gsub(/ /, sprintf(\"%10000s\", \"\"), s) }", "", null,
                        Outcome.MEMORY_LIMIT, "gsub()"),
                new Row("one step: $n far past NF is checked (PlaygroundJrt.jrtSetInputField)",
                        "BEGIN { $50000000 = \"x\" }", "", null, Outcome.MEMORY_LIMIT, "fields"),
                new Row("one step: $0 rebuilt with a long OFS is checked",
                        "{ OFS = sprintf(\"%8000000s\", \"\"); $1 = \"x\" }", "a b c d e", null, Outcome.MEMORY_LIMIT,
                        "record rebuilt"),
                new Row("one step: NF = NF with a long OFS is checked",
                        "{ OFS = sprintf(\"%8000000s\", \"\"); NF = NF }", "a b c d e", null, Outcome.MEMORY_LIMIT,
                        "record rebuilt"),
                new Row("one step: a subscript joined with a long SUBSEP is checked",
                        "BEGIN { SUBSEP = sprintf(\"%8000000s\", \"\"); a[1, 2, 3] = 1 }", "", null,
                        Outcome.MEMORY_LIMIT, "subscript"),
                new Row("one step: exec()'s script is held to script-size",
                        "BEGIN { s = sprintf(\"%70000s\", \"\"); exec(\"BEGIN {\" s \"}\") }", "", null, Outcome.ERROR,
                        "script-size limit"),
                // AWK's behaviour where jawk's differs.
                new Row("division by zero is an error (jawk yields inf)", "BEGIN { x = 1 / 0 }", "", "", Outcome.ERROR,
                        "division by zero attempted"),
                new Row("modulo by zero is an error", "BEGIN { x = 1 % 0 }", "", "", Outcome.ERROR,
                        "division by zero attempted in `%'"),
                new Row("FNR counts records of the request's input (jawk leaves it 0)", "{ print NR, FNR }", "a\nb\n",
                        "1 1\n2 2\n", Outcome.COMPLETED, null),
                new Row("getline from a command leaves NR (jawk counts it)",
                        "BEGIN { \"echo a\" | getline x; print NR, x }", "", "0 a\n", Outcome.COMPLETED, null),
                new Row("system()'s output is complete and before what follows (jawk copies it on a thread)",
                        "BEGIN { system(\"echo pwned\"); print \"after\" }", "", "pwned\nafter\n", Outcome.COMPLETED, null),
                new Row("a directory in ARGV is skipped with a warning on stderr, as gawk (jawk's open fails)",
                        "BEGIN { ARGV[1] = \"/\"; ARGV[2] = \"-\"; ARGC = 3 } { print } END { print NR }", "x\n",
                        "x\n1\n", Outcome.COMPLETED, "awk: warning: command line argument `/' is a directory: skipped"),
                new Row("a missing file in ARGV ends the run, as gawk's fatal error, after the output so far",
                        "BEGIN { ARGV[1] = \"-\"; ARGV[2] = \"/no/such/file\"; ARGC = 3 } { print } END { print \"end\" }",
                        "x\n", "x\n", Outcome.ERROR, "cannot open \"/no/such/file\" (named in ARGV) for reading: No such "
                        + "file or directory"),
                new Row("commands' stderr is the run's, not the server's", "BEGIN { system(\"echo oops >&2\") }", "", "",
                        Outcome.COMPLETED, "oops"),
                new Row("a one-character RS is literal (jawk reads it as a regular expression)",
                        "BEGIN { RS = \".\" } { print }", "a.b", "a\nb\n", Outcome.COMPLETED, null),
                new Row("match() sets RSTART and RLENGTH (the service answers it)",
                        "BEGIN { print match(\"xabc\", /ab/), RSTART, RLENGTH }", "", "2 2 2\n", Outcome.COMPLETED, null),
                new Row("after a failure, open commands are killed rather than waited for (PlaygroundAvm.waitForIO)",
                        "BEGIN { print 1 | \"sleep 60\"; x = 1 / 0 }", "", null, Outcome.ERROR, "division by zero"),
                // Reads and matches the service does itself, so the deadline applies (RecordReader, Regexes).
                new Row("a record without a separator is bounded", "BEGIN { getline line < \"/dev/zero\" }", "", null,
                        Outcome.MEMORY_LIMIT, "record"),
                new Row("~ stops at the deadline", "{ if ($0 ~ /^((a+)+)+$/) print }", catastrophic, "",
                        Outcome.TIMEOUT, null),
                new Row("match() stops at the deadline", "{ print match($0, /^((a+)+)+$/) }", catastrophic, "",
                        Outcome.TIMEOUT, null),
                new Row("split() stops at the deadline", "{ n = split($0, a, \"((a+)+)+b\") }", catastrophic, "",
                        Outcome.TIMEOUT, null),
                new Row("gsub() stops at the deadline (the service replaces, jawk's String.replaceAll would not stop)",
                        "{ gsub(/^((a+)+)+$/, \"x\") }", catastrophic, "", Outcome.TIMEOUT, null),
                new Row("sub() on a variable stops at the deadline", "{ s = $0; sub(/^((a+)+)+$/, \"x\", s) }",
                        catastrophic, "", Outcome.TIMEOUT, null),
                new Row("gsub() replaces in $0, a field, a variable and an array element, counting as jawk does",
                        "{ a = gsub(/l/, \"[&]\"); b = sub(/o/, \"0\", $2); s = \"xyx\"; c = gsub(/x/, \"\\\\&\", s); "
                                + "t[1] = \"aa\"; d = gsub(/a/, \"b\", t[1]); print a, b, c, d, $0, NF, s, t[1] }",
                        "hello world", "3 1 2 2 he[l][l]o w0r[l]d 2 &y& bb\n", Outcome.COMPLETED, null),
                new Row("index() of a long needle stops at the deadline (String.indexOf compares naively)",
                        "BEGIN { s = sprintf(\"%2000000s\", \"\"); gsub(/ /, \"a\", s); t = substr(s, 1, 1000000) \"b\"; "
                                + "print index(s, t) }", "", null, Outcome.COMPLETED, null),
                new Row("index() finds what String.indexOf finds",
                        "BEGIN { s = sprintf(\"%300000s\", \"\"); gsub(/ /, \"ab\", s); s = s \"abc\"; "
                                + "print index(\"foobar\", \"bar\"), index(s, substr(s, 400001)), index(s, \"zz\") }", "",
                        "4 400001 0\n", Outcome.COMPLETED, null),
                new Row("a regular-expression RS whose match reaches the end of a read chunk waits for the rest of it",
                        "BEGIN { RS = \"\\n+\" } { printf \"%d \", length($0) } END { print NR }",
                        "a".repeat(8191) + "\n\n\nb\n", "8191 1 2\n", Outcome.COMPLETED, null),
                new Row("RS = \"()\" over a long input is one record (gawk test rsnullre), not endless empty ones",
                        "BEGIN { RS = \"()\" } END { print NR, length($0) }", "ab\n".repeat(100_000), "1 300000\n",
                        Outcome.COMPLETED, null),
                new Row("a regular-expression RS stops at the deadline", "BEGIN { RS = \"^((a+)+)+$\" } { print }",
                        catastrophic, "", Outcome.TIMEOUT, null),
                new Row("a regular expression built at run time is at most 16 Ki characters",
                        "BEGIN { FS = sprintf(\"%20000s\", \"x\") } { print $1 }", "a b", "", Outcome.ERROR,
                        "over the limit of 16384"),
                new Row("at most 32 files and commands are open at once",
                        "BEGIN { for (i = 0; i < 40; i++) print i | (\"cat > /dev/null; #\" i) }", "", "",
                        Outcome.ERROR, "32 files and commands open"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workarounds")
    void workaround(Row row) {
        engine.check(row);
    }

    /** The main input is the service's own (PlaygroundJrt.consumeInput): ARGV's files in order, FILENAME, FNR. */
    @Test
    void argvFilesAreReadInOrder(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "1\n2\n");
        Path b = Files.writeString(dir.resolve("b"), "3\n");
        RunResult result = engine.patient().run(RunRequest.of("BEGIN { ARGV[1] = \"" + a + "\"; ARGV[2] = \"v=x\"; ARGV[3] = \""
                + b + "\"; ARGC = 4 } { print FILENAME == ARGV[1] ? \"a\" : \"b\", FNR, NR, v \"|\" }", ""));
        assertThat(result.output(), is("a 1 1 |\na 2 2 |\nb 1 3 x|\n"));
    }

    /**
     * nextfile (run by the tracker, PlaygroundJrt.skipFile) goes on with ARGV's next file: FNR restarts, FILENAME
     * changes; from a function too. As gawk prints for the same files.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "{ print FILENAME == ARGV[1] ? \"a\" : \"b\", FNR, NR, $0; nextfile } END { print NR } => a 1 1 1|b 1 2 3|b 1 3 5|3",
            "function f() { nextfile } { print FILENAME == ARGV[1] ? \"a\" : \"b\", FNR, NR, $0 } FNR == 1 { f() } "
                    + "END { print NR } => a 1 1 1|b 1 2 3|b 1 3 5|3",
            "FNR == 2 { nextfile } { print FNR, $0 } => 1 1|1 3|1 5"})
    void nextfileGoesOnWithTheNextFile(String rules, String output, @TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "1\n2\n");
        Path b = Files.writeString(dir.resolve("b"), "3\n4\n");
        Path c = Files.writeString(dir.resolve("c"), "5\n");
        RunResult result = engine.patient().run(RunRequest.of("BEGIN { ARGV[1] = \"" + a + "\"; ARGV[2] = \"" + b
                + "\"; ARGV[3] = \"" + c + "\"; ARGC = 4 } " + rules, ""));
        assertThat(result.error(), result.output(), is(output.replace('|', '\n') + "\n"));
    }

    /** Opening a named pipe blocks until a writer comes, uninterruptibly: the service refuses to (FileAccess). */
    @Test
    void aNamedPipeIsNotOpened(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), is(0));
        RunResult result = engine.patient().run(RunRequest.of("BEGIN { r = getline x < \"" + fifo + "\"; print r }", ""));
        assertThat("getline's -1, as for any file that cannot be opened", result.output(), is("-1\n"));
        assertThat(result.stderr(), containsString("a named pipe"));
    }

    /** Each exec() interprets inside the one that called it, on the Java stack: nesting is capped (PlaygroundAvm). */
    @Test
    void execNestsAtMostSixteenDeep() {
        RunResult result = engine.patient().run(new RunRequest("BEGIN { exec(s) }", "", Map.of("s", "BEGIN { exec(s) }"), null));
        assertThat(result.outcome(), is(Outcome.ERROR));
        assertThat(result.error(), containsString("exec() is nested more than 16 deep"));
    }

    /** jawk notes a statement's line where its lexer was when the statement ended: the service steps back. */
    @Test
    void errorLinesPointAtTheStatement() {
        RunResult result = engine.patient().run(RunRequest.of("BEGIN {\n  x = 1\n  y = x / 0\n}\n", ""));
        assertThat(result.errorLine(), is(3));
    }

    /**
     * An expression statement is numbered with the line of the token after it; a print or a condition with its own.
     * The line is the one the construct the error names is on, whatever follows it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "'BEGIN {\n  x = 1\n  getline line < \"\"\n  print x\n}\n' => 3",
            "'BEGIN {\n  x = 1\n  getline line < \"\"\n\n  # next\n  print x\n}\n' => 3",
            "'BEGIN {\n  x = 1\n  while ((getline line < \"\") > 0)\n    print line\n}\n' => 3",
            "'BEGIN {\n  x = 1\n  y = x / 0\n  print x\n}\n' => 3",
            "'BEGIN {\n  x = 1\n  y = x % 0;\n  print x\n}\n' => 3",
            "'BEGIN {\n  x = 1\n  print 1 / 0, 2\n  print x\n}\n' => 3",
            "'BEGIN {\n  for (i = 0; i < 1; i++)\n    y = 1 / 0\n  print x\n}\n' => 3",
            "'BEGIN {\n  x = 1\n  y = x / 0; print 2\n  print x\n}\n' => 3"})
    void runtimeErrorsNameTheLineOfWhatFailed(String script, int line) {
        RunResult result = engine.quick().run(RunRequest.of(script.translateEscapes(), ""));
        assertThat(result.outcome(), is(Outcome.ERROR));
        assertThat(result.error() + " in\n" + script.translateEscapes(), result.errorLine(), is(line));
    }

    /** jawk's private fields the service reads are looked up when the class loads, so an upgrade fails at once. */
    @Test
    void theJawkInternalsReadAreThere() {
        JawkState.requireKnownJawk();
        assertThat(new JawkInterpreter(Mode.VULNERABLE, 0).name(), is("jawk 5.0.00"));
    }
}
