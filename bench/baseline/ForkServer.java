import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The benchmark's baseline: what the original service did, one {@code awk} process forked per request, on the same
 * Helidon web server as the playground, so that only the AWK step differs. Runs {@code gawk} with the script as its
 * program and the input on its standard input, like the original's {@code exec.Command("awk", script)}.
 * <ul>
 *     <li>{@code POST /api/v1/run}, JSON {@code {"script": ..., "input": ...}}: answers {@code {"output", "exitCode"}}</li>
 *     <li>{@code POST /test}, form fields {@code text} and {@code awkScript}: answers the output as plain text</li>
 *     <li>{@code GET /observe/health/ready}: 204, the trivial endpoint</li>
 * </ul>
 * Usage: {@code java -cp 'target/libs/*' bench/baseline/ForkServer.java PORT}. Binds 127.0.0.1 only.
 */
public final class ForkServer {
    private ForkServer() {
    }

    public static void main(String[] args) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .featuresDiscoverServices(false)
                .routing(routing -> routing
                        .get("/observe/health/ready", (request, response) -> response.status(Status.NO_CONTENT_204).send())
                        .post("/api/v1/run", ForkServer::run)
                        .post("/test", ForkServer::test))
                .build()
                .start();
        System.out.println("fork-per-request baseline listening on http://127.0.0.1:" + server.port());
    }

    private static void run(ServerRequest request, ServerResponse response) throws IOException, InterruptedException {
        JsonObject json = Json.createReader(new ByteArrayInputStream(request.content().as(byte[].class))).readObject();
        Result result = gawk(json.getString("script"), json.getString("input", ""));
        response.header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(Json.createObjectBuilder().add("output", result.output()).add("exitCode", result.exitCode())
                        .build().toString());
    }

    private static void test(ServerRequest request, ServerResponse response) throws IOException, InterruptedException {
        Parameters form = request.content().as(Parameters.class);
        Result result = gawk(form.first("awkScript").orElseThrow(), form.first("text").orElse(""));
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8").send(result.output());
    }

    record Result(String output, int exitCode) {
    }

    /** Forks gawk, feeds it the input, and returns what it wrote (stdout and stderr, as the original combined them). */
    private static Result gawk(String script, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("gawk", "--", script).redirectErrorStream(true).start();
        Thread writer = Thread.ofVirtual().start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // gawk stopped reading (an error in the script): its output says why
            }
        });
        String output;
        try (InputStream stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        writer.join();
        return new Result(output, process.exitValue());
    }
}
