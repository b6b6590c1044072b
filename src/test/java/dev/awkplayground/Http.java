package dev.awkplayground;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * An HTTP client for the service under test, with the request shapes the playground's users send: the JDK's own client
 * for a server at an address, or Helidon's client for a {@code @RoutingTest}, whose {@code DirectClient} hands the same
 * requests to the routing without a socket.
 */
public final class Http implements AutoCloseable {
    private static final ExecutorService ASYNC = Executors.newVirtualThreadPerTaskExecutor();

    private final Transport transport;
    private final AutoCloseable connections;

    /** For a server listening at this address. */
    public Http(URI base) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.connections = client;
        this.transport = (method, path, contentType, body) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                response.headers().map().forEach((name, values) -> headers.put(name, values.getFirst()));
                return new Response(response.statusCode(), headers, response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** Through Helidon's client, such as the {@code DirectClient} a routing test is given. */
    public Http(Http1Client client) {
        this.connections = () -> { };
        this.transport = (method, path, contentType, body) -> {
            Http1ClientRequest request = client.method(Method.create(method)).path("/" + path);
            if (contentType != null) {
                request.header(HeaderNames.CONTENT_TYPE, contentType);
            }
            try (Http1ClientResponse response = body == null ? request.request() : request.submit(body)) {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                response.headers().forEach(header -> headers.put(header.name(), header.get()));
                String text = response.entity().hasEntity() ? response.entity().as(String.class) : "";
                return new Response(response.status().code(), headers, text);
            }
        };
    }

    /** Closes the connections this client keeps open (a burst of requests would leave the server holding them). */
    @Override
    public void close() {
        try {
            connections.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response with its body as text; header names in any case. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
                return reader.readObject();
            }
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    public Response get(String path) {
        return transport.send("GET", path, null, null);
    }

    public Response post(String path, String contentType, String body) {
        return transport.send("POST", path, contentType, body);
    }

    public Response postJson(String path, JsonObject body) {
        return post(path, "application/json", body.toString());
    }

    /** {@code POST /api/v1/run} with a script and an input. */
    public Response run(String script, String input) {
        return postJson("api/v1/run", Json.createObjectBuilder().add("script", script).add("input", input).build());
    }

    public CompletableFuture<Response> runAsync(String script, String input) {
        return CompletableFuture.supplyAsync(() -> run(script, input), ASYNC);
    }

    /** A multipart/form-data body, as {@code curl -F name=value} sends it. */
    public Response postMultipart(String path, Map<String, String> fields) {
        String boundary = "----test" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return post(path, "multipart/form-data; boundary=" + boundary, body.toString());
    }

    /** One request, sent and answered; the path is relative to the server's root. */
    private interface Transport {
        Response send(String method, String path, String contentType, String body);
    }
}
