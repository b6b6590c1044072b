package dev.awkplayground;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A real HTTP client for a server under test, with the request shapes the playground's users send.
 */
public final class Http {
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Http(URI base) {
        this.base = base;
    }

    /** A response with its body as text. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
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
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postJson(String path, JsonObject body) {
        return post(path, "application/json", body.toString());
    }

    /** {@code POST /api/v1/run} with a script and an input. */
    public Response run(String script, String input) {
        return postJson("api/v1/run", Json.createObjectBuilder().add("script", script).add("input", input).build());
    }

    public CompletableFuture<Response> runAsync(String script, String input) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("script", script).add("input", input).build().toString()))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.headers(), r.body()));
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

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
