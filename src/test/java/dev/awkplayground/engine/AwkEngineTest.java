package dev.awkplayground.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.awkplayground.config.Limits;
import dev.awkplayground.config.Mode;
import dev.awkplayground.config.PlaygroundConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metricshub.jawk.intermediate.AwkTuples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The engine without HTTP: compiled-script reuse, error positions, and runs sharing one compiled script.
 */
class AwkEngineTest {
    private final AwkEngine engine = new AwkEngine(new PlaygroundConfig(Mode.VULNERABLE,
            new Limits(65536, 1 << 20, 1 << 20, 64L << 20, Duration.ofSeconds(5), 4, Duration.ofSeconds(5),
                    Duration.ofSeconds(10)), 2));

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void concurrentRunsOfOneCompiledScriptKeepTheirOwnState() throws Exception {
        String script = "{ total += $1 } END { print total, NR }";
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> outputs = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                String input = (i + "\n").repeat(i);
                outputs.add(clients.submit(() -> engine.run(RunRequest.of(script, input)).output()));
            }
            for (int i = 1; i <= 40; i++) {
                assertThat(outputs.get(i - 1).get(), is(i * i + " " + i + "\n"));
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(engine.cachedScripts(), is(1));
    }

    @Test
    void onlyRunsThatStartedACommandMakeTheSweepReadTheProcessTable() throws Exception {
        assertThat("this test needs /proc and prctl", ChildProcesses.tracked(), is(true));
        // What earlier tests' commands left is swept first, until a sweep has nothing more to look at.
        for (int i = 0; i < 100 && ChildProcesses.mayHaveOrphans(); i++) {
            ChildProcesses.sweep();
            Thread.sleep(50);
        }
        assertThat(ChildProcesses.mayHaveOrphans(), is(false));
        long reads = ChildProcesses.tableReads();
        for (int i = 0; i < 20; i++) {
            assertThat(engine.run(RunRequest.of("{ print $2 }", "a b\n")).outcome(), is(Outcome.COMPLETED));
        }
        assertThat(ChildProcesses.mayHaveOrphans(), is(false));
        ChildProcesses.sweep();
        assertThat("reads of /proc after runs that started no command", ChildProcesses.tableReads() - reads, is(0L));

        assertThat(engine.run(RunRequest.of("BEGIN { system(\"true\") }", "")).outcome(), is(Outcome.COMPLETED));
        ChildProcesses.sweep();
        assertThat("reads of /proc after a run that started one", ChildProcesses.tableReads() - reads,
                greaterThan(0L));
    }

    @Test
    void errorLinesPointAtTheStatementNotPastIt() {
        RunResult result = engine.run(RunRequest.of("BEGIN {\n  x = 1\n  y = x / 0\n}\n", ""));
        assertThat(result.errorLine(), is(3));
    }

    @Test
    void overLimitFieldsAreRefusedBeforeRunning() {
        InvalidRunRequestException e = assertThrows(InvalidRunRequestException.class,
                () -> engine.run(RunRequest.of("{print}", "é".repeat(600_000))));
        assertThat(e.field(), is("input"));
        assertThat(e.kind(), is(InvalidRunRequestException.Kind.TOO_LARGE));
    }

    @Test
    void aNestingTooDeepToCompileIsASyntaxError() {
        String script = "BEGIN { x = " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }";
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> engine.run(RunRequest.of(script, "")));
        assertThat(e.reason(), is(ScriptRejectedException.Reason.SYNTAX));
    }
}
