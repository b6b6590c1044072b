package dev.awkplayground.engine;

import java.util.stream.Stream;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.EngineTables.Refused;
import dev.awkplayground.engine.EngineTables.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every rule of the sandbox (README's "Modes" table, docs/sandbox.md), one row each, at the engine: what sandboxed
 * mode refuses, with the words of the refusal, and what it still allows. {@code AttackCatalogueIT} sends the same
 * paths to a real server; this fails first, and names the rule, when the engine or jawk changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxRulesTest {
    private static final String RUNS_A_COMMAND = " is refused in sandboxed mode: it runs a command";
    private static final String READS_A_FILE = "getline < file is refused in sandboxed mode: it reads a file";
    private static final String WRITES_A_FILE = "print > file is refused in sandboxed mode: it writes a file; only "
            + "\"/dev/stdout\" and \"/dev/stderr\" may be written";
    private static final String ARGV_FILE = "a file named in ARGV is refused in sandboxed mode: the main input is the "
            + "request's input, and files are not read";

    private EngineTables.Engines sandboxed;

    @BeforeAll
    void start() {
        sandboxed = EngineTables.engines(Mode.SANDBOXED);
    }

    @AfterAll
    void stop() {
        sandboxed.close();
    }

    Stream<Refused> refused() {
        return Stream.of(
                new Refused("system()", "BEGIN { system(\"id\") }", "system()" + RUNS_A_COMMAND),
                new Refused("command | getline", "BEGIN { \"id\" | getline x }", "\"command\" | getline" + RUNS_A_COMMAND),
                new Refused("print | command", "BEGIN { print 1 | \"cat\" }", "print | \"command\"" + RUNS_A_COMMAND),
                new Refused("printf | command", "BEGIN { printf \"1\" | \"cat\" }", "print | \"command\"" + RUNS_A_COMMAND),
                new Refused("getline < file", "BEGIN { getline < \"/etc/passwd\" }", READS_A_FILE),
                new Refused("getline var < file", "BEGIN { getline x < \"/etc/passwd\" }", READS_A_FILE),
                new Refused("print > file", "BEGIN { print 1 > \"/tmp/x\" }", WRITES_A_FILE),
                new Refused("print >> file", "BEGIN { print 1 >> \"/tmp/x\" }", WRITES_A_FILE),
                new Refused("printf > file", "BEGIN { printf \"1\" > \"/tmp/x\" }", WRITES_A_FILE),
                new Refused("print > a name in a variable", "BEGIN { f = \"/dev/stderr\"; print 1 > f }", WRITES_A_FILE),
                new Refused("a file operand in ARGV", "BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print }", ARGV_FILE),
                new Refused("a file operand added with ARGV[ARGC++]", "BEGIN { ARGV[ARGC++] = \"/no/such\" } { print }",
                        ARGV_FILE),
                new Refused("a file operand read by a plain getline", "BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2; getline }",
                        ARGV_FILE),
                new Refused("a refused primitive inside exec()", "BEGIN { exec(\"BEGIN { system(\\\"id\\\") }\") }",
                        "system()" + RUNS_A_COMMAND),
                new Refused("a file operand inside exec()",
                        "BEGIN { exec(\"BEGIN { ARGV[1] = \\\"/etc/passwd\\\"; ARGC = 2 } { print }\") }", ARGV_FILE));
    }

    Stream<Row> allowed() {
        return Stream.of(
                new Row("ENVIRON is empty", "BEGIN { for (k in ENVIRON) n++; print n + 0, ENVIRON[\"PATH\"] \"|\" }", "",
                        "0 |\n", Outcome.COMPLETED, null),
                new Row("the run's own stdout, stderr and - may be written",
                        "BEGIN { print \"a\" > \"/dev/stdout\"; print \"b\" > \"/dev/stderr\"; print \"c\" > \"-\" }", "",
                        "a\nc\n", Outcome.COMPLETED, "b\n"),
                new Row("assignments in ARGV are made", "BEGIN { ARGV[1] = \"x=5\"; ARGC = 2 } { print x, $0 }", "line",
                        "5 line\n", Outcome.COMPLETED, null),
                new Row("- and /dev/stdin in ARGV are the request's input",
                        "BEGIN { ARGV[1] = \"/dev/stdin\"; ARGC = 2 } { print FILENAME \"|\" $0 }", "line",
                        "|line\n", Outcome.COMPLETED, null),
                new Row("close() of something never opened", "BEGIN { print close(\"/etc/passwd\") }", "", "-1\n",
                        Outcome.COMPLETED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedInSandboxedMode(Refused row) {
        sandboxed.check(row);
    }

    /** jawk's extensions (FileExists, Halt, ...) are registered nowhere: a call is a syntax error in both modes. */
    @Test
    void jawksExtensionFunctionsDoNotExist() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> sandboxed.patient().run(RunRequest.of("BEGIN { if (FileExists(\"/etc/passwd\")) print 1 }", "")));
        assertThat(e.reason(), is(ScriptRejectedException.Reason.SYNTAX));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void allowedInSandboxedMode(Row row) {
        sandboxed.check(row);
    }
}
