package dev.awkplayground.engine.jawk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.EngineTables;
import dev.awkplayground.engine.InvalidRunRequestException;
import dev.awkplayground.engine.Outcome;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.RunResult;
import dev.awkplayground.engine.ScriptRejectedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The AWK semantics table (issue 17): every case of {@code src/test/resources/awk-cases/*.cases} (the format is
 * {@link AwkCases}'s) run through the engine as the service runs it, in vulnerable and in sandboxed mode, and by gawk.
 * For each case: the service prints exactly the case's output (or ends in an error whose message holds the case's
 * text), and no message of the service names a Java class or repeats a Java exception's words; gawk
 * ({@code gawk -v name=value -f script --}, the input on its standard input, {@code LC_ALL=C.UTF-8}) prints exactly the
 * same output (or fails), unless the case says why the service {@code differs} on purpose. So each expectation is
 * AWK's, checked against gawk, not a record of what the service happens to do.
 * <p>
 * Sandboxed mode refuses files and commands: a case that uses them is skipped there, saying so. Without gawk the
 * gawk checks are skipped, saying so; under {@code CI=true} they fail.
 * <p>
 * {@code known-differences.cases} holds what jawk does differently and the service cannot change (docs/awk.md says
 * why): its expectations are checked against gawk, and the service's answers are listed (a skipped check naming
 * what the service printed), not judged, except that they must not name Java either.
 * <p>
 * {@code -Dawk.cases=records,regex} runs only those kinds. Surefire reports every check as {@code table}: the
 * failure's message starts with the case's file and line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwkSemanticsTest {
    static final String KNOWN_DIFFERENCES = "known-differences";

    /** Words a message of the service must never hold: Java's class names and exception messages. */
    static final Pattern JAVA_WORDS = Pattern.compile(
            "\\b(java|javax|jdk|sun|org\\.metricshub|dev\\.awkplayground)\\.[a-z]"
                    + "|\\b[A-Z]\\w*(Exception|Error)\\b"
                    + "|Cannot invoke \"|because \"|out of bounds for length|cannot be cast to|For input string"
                    + "|\\bis null\\b|\\b[A-Z]\\w*Ast\\b");

    private AwkEngine vulnerable;
    private AwkEngine sandboxed;
    private Path scratch;

    @BeforeAll
    void start() throws IOException {
        // A time limit no case comes near, so a loaded machine cannot turn an answer into a timeout.
        vulnerable = EngineTables.engine(Mode.VULNERABLE, "20s");
        sandboxed = EngineTables.engine(Mode.SANDBOXED, "20s");
        scratch = Files.createTempDirectory("awk-cases");
    }

    @AfterAll
    void stop() throws IOException {
        vulnerable.close();
        sandboxed.close();
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @TestFactory
    Stream<DynamicNode> table() throws IOException {
        List<DynamicNode> kinds = new ArrayList<>();
        String only = System.getProperty("awk.cases", "");
        for (AwkCases file : AwkCases.all()) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(file.kind())) {
                continue;
            }
            boolean known = file.kind().equals(KNOWN_DIFFERENCES);
            kinds.add(DynamicContainer.dynamicContainer(file.kind(), file.cases().stream().map(c ->
                    DynamicContainer.dynamicContainer(c.name() + " (" + c.where() + ")", known
                            ? Stream.of(
                                    DynamicTest.dynamicTest("gawk", () -> checkGawk(c)),
                                    DynamicTest.dynamicTest("service (listed, not judged)", () -> listService(c)))
                            : Stream.of(
                                    DynamicTest.dynamicTest("vulnerable", () -> checkService(vulnerable, c, false)),
                                    DynamicTest.dynamicTest("sandboxed", () -> checkService(sandboxed, c, true)),
                                    DynamicTest.dynamicTest("gawk", () -> checkGawk(c)))))));
        }
        return kinds.stream();
    }

    /** What the service answered: its output, whether it was an error, and every message it gave. */
    record Answer(String output, boolean failed, String messages) {
        @Override
        public String toString() {
            return (failed ? "error: " : "output: ") + output + (messages.isEmpty() ? "" : " | messages: " + messages);
        }
    }

    static Answer serve(AwkEngine engine, AwkCases.Case c, boolean sandboxedMode) {
        try {
            RunResult result = engine.run(new RunRequest(c.script(), c.input(), c.vars(), null));
            String messages = result.stderr() + (result.error() == null ? "" : result.error());
            return new Answer(result.output(), result.outcome() != Outcome.COMPLETED, messages);
        } catch (ScriptRejectedException e) {
            if (sandboxedMode && e.reason() == ScriptRejectedException.Reason.REFUSED) {
                Assumptions.abort(c.where() + ": sandboxed mode refuses this case: " + e.getMessage());
            }
            return new Answer("", true, e.getMessage());
        } catch (InvalidRunRequestException e) {
            return new Answer("", true, e.getMessage());
        }
    }

    static void requireNoJavaWords(AwkCases.Case c, Answer answer) {
        var found = JAVA_WORDS.matcher(answer.messages());
        if (found.find()) {
            Assertions.fail(c.where() + ": the service's message names Java (" + found.group() + "): "
                    + answer.messages());
        }
    }

    private void checkService(AwkEngine engine, AwkCases.Case c, boolean sandboxedMode) {
        Answer answer = serve(engine, c, sandboxedMode);
        requireNoJavaWords(c, answer);
        if (c.output() != null) {
            assertThat(c.where() + ": " + answer, answer.failed(), is(false));
            assertThat(c.where(), answer.output(), is(c.output()));
        } else {
            assertThat(c.where() + ": an error was expected, the service answered " + answer, answer.failed(),
                    is(true));
            assertThat(c.where(), answer.messages(), containsString(c.error()));
        }
    }

    private void listService(AwkCases.Case c) {
        Answer answer = serve(vulnerable, c, false);
        requireNoJavaWords(c, answer);
        boolean same = c.output() != null ? !answer.failed() && answer.output().equals(c.output()) : answer.failed();
        Assumptions.abort(same
                ? c.where() + ": the service now answers as gawk does: move the case to its kind's file"
                : c.where() + ": the service answers " + answer);
    }

    private void checkGawk(AwkCases.Case c) throws Exception {
        if (c.differs() != null) {
            Assumptions.abort("the service differs on purpose: " + c.differs());
        }
        Gawk.require(Files.isExecutable(Gawk.PATH),
                Gawk.PATH + " is not installed: the expectation is not checked against gawk");
        Gawk gawk = gawk(c);
        if (c.output() != null) {
            assertThat(c.where() + ": gawk said " + gawk.stderr(), gawk.stderr().contains("fatal"), is(false));
            assertThat(c.where() + ": gawk's output", gawk.stdout(), is(c.output()));
        } else {
            assertThat(c.where() + ": gawk was expected to fail; it printed " + gawk.stdout(), gawk.status() != 0,
                    is(true));
        }
    }

    private Gawk gawk(AwkCases.Case c) throws Exception {
        Path dir = Files.createTempDirectory(scratch, "case");
        Path in = Files.writeString(dir.resolve("in"), c.input(), StandardCharsets.UTF_8);
        List<String> arguments = new ArrayList<>();
        c.vars().forEach((name, value) -> arguments.addAll(List.of("-v", name + "=" + value)));
        // From a file rather than an argument, which cannot hold a NUL character.
        Path program = Files.writeString(dir.resolve("program.awk"), c.script(), StandardCharsets.UTF_8);
        arguments.addAll(List.of("-f", program.toString(), "--"));
        return Gawk.run(arguments, dir, in, 60, c.where());
    }
}
