package dev.awkplayground.api;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A client that gives up ends its run: the run is stopped, its slot freed and counted as cancelled, long before the
 * time limit would have ended it. The limit is set far beyond the test's wait, so only the cancel can free the slot.
 */
@ServerTest
@Settings("playground.limits.time=60s")
class ClientGoneTest extends PlaygroundTestBase {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern CANCELLED =
            Pattern.compile("playground_runs_total\\{outcome=\"cancelled\"[^}]*} ([0-9.]+)");
    private final URI server;
    private final Http http;

    ClientGoneTest(URI server) {
        this.server = server;
        this.http = new Http(server);
    }

    @Test
    void aClientThatClosesItsConnectionStopsItsRunAndFreesTheSlot() throws Exception {
        double cancelledBefore = cancelledRuns();
        String body = "{\"script\":\"BEGIN { while (1) {} }\"}";
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/run HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitActiveRunsExactly(1);
        }
        awaitActiveRunsExactly(0);
        awaitCancelledRuns(cancelledBefore + 1);
    }

    /** The issue's own case: {@code curl -m 1} gives up after a second. */
    @Test
    void curlGivingUpFreesTheSlotForTheFormEndpointToo() throws Exception {
        double cancelledBefore = cancelledRuns();
        Process curl = new ProcessBuilder("curl", "-sS", "-m", "1", "--form-string", "text=",
                "--form-string", "awkScript=BEGIN { while (1) {} }", server.resolve("/test").toString())
                .redirectErrorStream(true)
                .start();
        assertThat(curl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
        assertThat("curl timed out (exit code 28)", curl.exitValue(), is(28));
        awaitActiveRunsExactly(0);
        awaitCancelledRuns(cancelledBefore + 1);
    }

    private static void awaitActiveRunsExactly(int expected) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (engine().activeRuns() != expected && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat("active runs", engine().activeRuns(), is(expected));
    }

    /** The request's thread counts the run once the engine hands it back, a moment after the slot is freed. */
    private void awaitCancelledRuns(double expected) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (cancelledRuns() != expected && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat("runs counted as cancelled", cancelledRuns(), is(expected));
    }

    private double cancelledRuns() {
        Matcher m = CANCELLED.matcher(http.get("observe/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
