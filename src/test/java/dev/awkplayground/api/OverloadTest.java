package dev.awkplayground.api;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * When every run slot is busy, a further run waits the queue wait and is answered 503 with Retry-After, while
 * health checks and other endpoints, which never wait behind AWK work, keep answering.
 */
@ServerTest
@Settings({"playground.limits.concurrent-runs=2", "playground.limits.queue-wait=200ms", "playground.limits.time=3s"})
class OverloadTest extends PlaygroundTestBase {
    private final Http http;

    OverloadTest(URI uri) {
        this.http = new Http(uri);
    }

    @Test
    void aRunBeyondTheSlotsIs503WhileHealthStaysUp() throws Exception {
        List<CompletableFuture<Http.Response>> busy = List.of(
                http.runAsync("BEGIN{while(1){}}", ""),
                http.runAsync("BEGIN{while(1){}}", ""));
        awaitActiveRuns(2);

        Http.Response refused = http.run("BEGIN{print 1}", "");
        Http.Response live = http.get("observe/health/live");
        Http.Response ready = http.get("observe/health/ready");
        Http.Response info = http.get("api/v1/info");
        Http.Response metrics = http.get("observe/metrics");
        // All of the above were answered while both slots were still taken.
        assertThat(engine().activeRuns(), is(2));
        assertThat(busy.stream().anyMatch(CompletableFuture::isDone), is(false));

        assertThat(refused.status(), is(503));
        assertThat(refused.contentType(), is("application/problem+json"));
        assertThat(refused.json().getString("type"), is("tag:awk-playground,2026:problem:overloaded"));
        assertThat(refused.json().getString("detail"), containsString("all 2 run slots are busy"));
        assertThat(Integer.parseInt(refused.header("Retry-After")) >= 1, is(true));
        assertThat(live.status(), is(204));
        assertThat(ready.status(), is(204));
        assertThat(info.status(), is(200));
        assertThat(metrics.status(), is(200));

        for (CompletableFuture<Http.Response> run : busy) {
            assertThat(run.get(30, TimeUnit.SECONDS).json().getString("outcome"), is("timeout"));
        }
        assertThat(http.run("BEGIN{print \"served again\"}", "").json().getString("output"), is("served again\n"));
    }
}
