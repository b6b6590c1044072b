package dev.awkplayground.api;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import jakarta.json.JsonObject;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * A script that would run forever or grow without bound ends with an outcome that says why, while the service keeps
 * answering health checks and other requests. Two test classes use it with two time limits, so that the limit a row
 * must reach is the one that comes first, however slow the machine: rows that must time out on a short one
 * ({@link RunawayScriptsTest}), rows that must reach the memory or output limit on one no run comes near
 * ({@link RunawayDataTest}).
 */
abstract class RunawayScripts extends PlaygroundTestBase {
    final Http http;

    RunawayScripts(URI uri) {
        this.http = new Http(uri);
    }

    void endsWith(String script, String outcome) throws Exception {
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
        assertThat(response.status(), is(200));
        JsonObject result = response.json();
        assertThat(result.getString("error"), result.getString("outcome"), is(outcome));
        assertThat(result.getInt("exitCode"), is(2));
        if (outcome.equals("timeout")) {
            assertThat(answeredWhileBusy, greaterThan(0));
        }
        assertThat(http.get("observe/health/live").status(), is(204));
        assertThat(engine().activeRuns(), is(0));
        awaitNoChildProcessRunning("sleep");
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
