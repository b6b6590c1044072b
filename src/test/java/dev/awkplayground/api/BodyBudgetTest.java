package dev.awkplayground.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Request bodies share a budget: with room for one 1 KiB body (charged three times over), a second request that
 * arrives while the first is still being handled waits, then gets a 503 that closes its connection, its body unread;
 * once the first is answered there is room again. A real server, with a handler that holds the first request.
 */
class BodyBudgetTest {
    @Test
    void aBodyOverTheBudgetWaitsThenIsRefusedAndTheRoomComesBack() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebServer server = WebServer.builder()
                .port(0)
                .host("127.0.0.1")
                .routing(routing -> routing
                        .addFilter(new ConnectionClose())
                        .addFilter(new BodyBudget(4 * 1024, 8 * 1024, 1000))
                        .post("/hold", (req, res) -> {
                            String body = req.content().as(String.class);
                            holding.countDown();
                            release.await(1, TimeUnit.MINUTES);
                            res.send("held " + body.length());
                        }))
                .build()
                .start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/hold");
            HttpRequest kibibyte = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x".repeat(1024)))
                    .build();
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(kibibyte, HttpResponse.BodyHandlers.ofString());
            assertThat(holding.await(1, TimeUnit.MINUTES), is(true));

            HttpResponse<String> second = client.send(kibibyte, HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode(), is(503));
            assertThat(second.body(), containsString("as many request bodies as its memory allows"));
            assertThat(second.headers().firstValue("Retry-After").orElse(""), is("1"));
            assertThat(second.headers().firstValue("Connection").orElse(""), is("close"));

            release.countDown();
            assertThat(first.get(1, TimeUnit.MINUTES).body(), is("held 1024"));
            HttpResponse<String> third = client.send(kibibyte, HttpResponse.BodyHandlers.ofString());
            assertThat(third.statusCode(), is(200));

            HttpResponse<String> empty = client.send(HttpRequest.newBuilder(uri.resolve("/nothing")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat("a request without a body is not charged", empty.statusCode(), is(404));
        } finally {
            server.stop();
        }
    }
}
