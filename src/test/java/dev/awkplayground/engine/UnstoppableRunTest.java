package dev.awkplayground.engine;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.api.EngineLiveness;
import dev.awkplayground.config.PlaygroundConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The engine's last line of defence: a run that does not return at its deadline. No AWK step is known to do that any
 * more (every regular expression and long search the service runs checks the deadline), so the test makes one with
 * an interpreter that spins, ignoring interrupts, as an uninterruptible library call would: the request is answered a
 * second after the deadline, the run keeps its slot, the other slot keeps serving, and once the run has gone on for
 * stuck-after the liveness check fails, so that Kubernetes restarts the container; when the step ends, all is well.
 */
class UnstoppableRunTest {
    private static final String SPIN = "spin";

    /** jawk, except that the script "spin" spins until released, checking nothing. */
    private static final class SpinningInterpreter extends JawkExceptOneScript {
        private volatile boolean released;

        SpinningInterpreter() {
            super(SPIN);
        }

        @Override
        Ending runTheScript(RunGuard guard) {
            while (!released) {
                Thread.onSpinWait();
            }
            return Ending.completed(0);
        }
    }

    @Test
    void aRunThatCannotBeStoppedIsAnsweredKeepsItsSlotAndFailsLiveness() throws Exception {
        SpinningInterpreter interpreter = new SpinningInterpreter();
        Config config = Config.just(ConfigSources.create(Map.of(
                "limits.time", "500ms", "limits.stuck-after", "1s", "limits.concurrent-runs", "2")));
        try (AwkEngine engine = new AwkEngine(PlaygroundConfig.create(config), interpreter)) {
            EngineLiveness liveness = new EngineLiveness(engine);

            RunResult stuck = engine.run(RunRequest.of(SPIN, ""));
            assertThat(stuck.outcome(), is(Outcome.TIMEOUT));
            assertThat(stuck.error(), containsString("did not stop at the time limit"));
            assertThat(engine.activeRuns(), is(1));

            assertThat(engine.run(RunRequest.of("{ print $2 }", "still served")).output(), is("served\n"));
            awaitStatus(liveness, HealthCheckResponse.Status.DOWN);
            assertThat(engine.stuckRuns(), is(1));

            interpreter.released = true;
            awaitStatus(liveness, HealthCheckResponse.Status.UP);
            assertThat(engine.activeRuns(), is(0));
            CompletableFuture<RunResult> both = CompletableFuture.supplyAsync(
                    () -> engine.run(RunRequest.of("BEGIN { print 1 }", "")));
            assertThat(both.get(10, TimeUnit.SECONDS).output(), is("1\n"));
        }
    }

    private static void awaitStatus(EngineLiveness liveness, HealthCheckResponse.Status status)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (liveness.call().status() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("liveness stayed " + liveness.call().status() + ", expected " + status);
            }
            Thread.sleep(50);
        }
    }
}
