package dev.awkplayground.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Scripts that would run forever or grow without bound end within the time limit plus a small grace, with an
 * outcome that says why, while the service keeps answering health checks and other requests.
 * Uses the production time limit (5 s), so the memory-bound scripts have time to reach their limit on a slow machine.
 */
@ServerTest
@Settings("playground.limits.time=5s")
class RunawayScriptsTest extends PlaygroundTestBase {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(3);
    private final Http http;

    RunawayScriptsTest(URI uri) {
        this.http = new Http(uri);
    }

    @ParameterizedTest(name = "{0} ends with {1}")
    @CsvSource(delimiterString = " => ", value = {
            "BEGIN{while(1){}} => timeout",
            "BEGIN{while(1) print \"x\"} => output-limit",
            "BEGIN{s=\"x\"; while(1) s = s s} => memory-limit",
            "BEGIN{while(1) a[i++]=i} => memory-limit",
            "function f(n){return f(n+1)} BEGIN{f(1)} => memory-limit",
            "BEGIN{printf \"%2000000000d\", 1} => output-limit",
            "BEGIN{printf \"%*d\", 2000000000, 1} => output-limit",
            "BEGIN{x = sprintf(\"%2000000000d\", 1)} => memory-limit",
            "BEGIN{\"sleep 600\" | getline} => timeout",
            "BEGIN{system(\"sleep 600\")} => timeout",
            "BEGIN{print \"x\" | \"sleep 600\"} => timeout",
            "BEGIN{getline line < \"/dev/zero\"} => memory-limit"})
    void aRunawayScriptEndsInTimeWhileTheServiceKeepsServing(String script, String outcome) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Http.Response> runaway = http.runAsync(script, "");

        // While it runs, health and an ordinary script are answered.
        int answeredWhileBusy = 0;
        while (!runaway.isDone()) {
            assertThat(http.get("observe/health/live").status(), is(204));
            assertThat(http.get("observe/health/ready").status(), is(204));
            assertThat(http.run("{print $2}", "a b").json().getString("output"), is("b\n"));
            answeredWhileBusy++;
            Thread.sleep(50);
        }

        Http.Response response = runaway.get(1, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.status(), is(200));
        JsonObject result = response.json();
        assertThat(result.getString("error"), result.getString("outcome"), is(outcome));
        assertThat(result.getInt("exitCode"), is(2));
        assertThat(took, lessThan(TIME_LIMIT.plus(GRACE)));
        if (outcome.equals("timeout")) {
            assertThat(answeredWhileBusy, greaterThan(0));
        }
        assertThat(http.get("observe/health/live").status(), is(204));
        assertThat(engine().activeRuns(), is(0));
        awaitNoChildProcessRunning("sleep");
    }

    @Test
    void outputUpToTheLimitIsKept() {
        JsonObject result = http.run("BEGIN{while(1) print \"x\"}", "").json();
        assertThat(result.getString("output").length(), is(engine().limits().outputBytes()));
        assertThat(result.getString("output").startsWith("x\nx\n"), is(true));
    }

    /** Commands are killed, children included, when their run stops. */
    private static void awaitNoChildProcessRunning(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = List.of();
        while (System.nanoTime() < deadline) {
            left = ProcessHandle.current().descendants()
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse(p.info().command().orElse("?")))
                    .filter(command -> command.contains(name))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("still running: " + left);
    }
}
