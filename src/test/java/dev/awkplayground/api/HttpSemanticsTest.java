package dev.awkplayground.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * What HTTP says about {@code Accept} and {@code HEAD}, on every route: an answer the client refuses is decided
 * before anything runs (406), and no answer to {@code HEAD} carries a body.
 */
@ServerTest
// The output limit must stop the endless printf, never the time limit, however loaded the machine.
@PlaygroundTestBase.Settings("playground.limits.time=60s")
class HttpSemanticsTest extends PlaygroundTestBase {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *([0-9]+)\r\n");
    private final URI uri;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpSemanticsTest(URI uri) {
        this.uri = uri;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/problem+json", "text/*", "application/xml"})
    void aRunWhoseAnswerTheClientRefusesIsNotRun(String accept, @TempDir Path dir) throws Exception {
        Path touched = dir.resolve("touched");
        String body = Json.createObjectBuilder()
                .add("script", "BEGIN { system(\"touch " + touched + "\"); print 1 }").build().toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri.resolve("/api/v1/run"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode(), is(406));
        assertThat(response.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
        assertThat(response.body(), containsString("this endpoint answers application/json"));
        assertThat(response.body(), not(containsString("org.")));
        assertThat("the script did not run", Files.exists(touched), is(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/*", "*/*", "text/html, */*;q=0.8",
            "application/json, application/problem+json"})
    void aRunIsAnsweredToEveryAcceptThatAllowsJson(String accept) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri.resolve("/api/v1/run"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString("{\"script\":\"BEGIN{print 1}\"}")));
        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type").orElseThrow(), startsWith("application/json"));
        assertThat(response.body(), containsString("\"output\":\"1\\n\""));
    }

    @Test
    void infoAndTheFormRefuseAnAcceptTheyCannotMeet() throws Exception {
        HttpResponse<String> info = send(HttpRequest.newBuilder(uri.resolve("/api/v1/info"))
                .header("Accept", "application/xml"));
        assertThat(info.statusCode(), is(406));
        assertThat(info.body(), not(containsString("org.")));
        HttpResponse<String> form = send(HttpRequest.newBuilder(uri.resolve("/test"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("text=a&awkScript=%7Bprint%7D")));
        assertThat(form.statusCode(), is(406));
        assertThat(form.body(), containsString("this endpoint answers text/plain"));
        HttpResponse<String> plain = send(HttpRequest.newBuilder(uri.resolve("/test"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("text=a&awkScript=%7Bprint%7D")));
        assertThat(plain.statusCode(), is(200));
        assertThat(plain.body(), is("a\n"));
    }

    /**
     * Each {@code HEAD} is followed on the same connection by a {@code GET}: a body after the first answer's headers
     * would be read where the second answer's status line must be.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/app.js", "/openapi", "/observe/health", "/observe/health/live",
            "/observe/metrics", "/api/v1/info", "/api/v1/run", "/test", "/no/such/path"})
    void noAnswerToHeadCarriesABody(String path) throws IOException {
        String answers = exchange("HEAD " + path + " HTTP/1.1\r\nHost: test\r\n\r\n"
                + "GET /observe/health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        int end = answers.indexOf("\r\n\r\n");
        assertThat(answers, end > 0, is(true));
        assertThat(answers.substring(end + 4), startsWith("HTTP/1.1 204 "));
    }

    @Test
    void headOfInfoHasTheHeadersOfGet() throws IOException {
        String head = exchange("HEAD /api/v1/info HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        assertThat(head, startsWith("HTTP/1.1 200 "));
        assertThat(head, containsString("Content-Type: application/json"));
        String get = new Http(uri).get("api/v1/info").body();
        Matcher length = CONTENT_LENGTH.matcher(head);
        assertThat(head, length.find(), is(true));
        assertThat(Integer.parseInt(length.group(1)), is(get.getBytes(StandardCharsets.UTF_8).length));
    }

    /** The features' GET routes answer HEAD as GET does (RFC 9110 asks it of every GET route), without the body. */
    @ParameterizedTest
    @ValueSource(strings = {"/openapi", "/observe/metrics"})
    void headOfTheFeaturesHasTheHeadersOfGet(String path) throws IOException {
        for (String accept : List.of("*/*", "application/json")) {
            String head = exchange("HEAD " + path + " HTTP/1.1\r\nHost: test\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n");
            String get = exchange("GET " + path + " HTTP/1.1\r\nHost: test\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(head, startsWith("HTTP/1.1 200 "));
            assertThat(head, endsWith("\r\n\r\n"));
            assertThat(contentType(head), is(contentType(get)));
            if (path.equals("/openapi")) {
                Matcher length = CONTENT_LENGTH.matcher(head);
                assertThat(head, length.find(), is(true));
                assertThat(Integer.parseInt(length.group(1)),
                        is(get.substring(get.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8).length));
            }
        }
    }

    private static String contentType(String answer) {
        Matcher type = Pattern.compile("(?im)^Content-Type: *([^\r\n]*)").matcher(answer);
        assertThat(answer, type.find(), is(true));
        return type.group(1);
    }

    @Test
    void theAwkLineAfterCutOutputStartsOnALineOfItsOwn() {
        Http.Response response = new Http(uri).post("test", "application/x-www-form-urlencoded",
                "text=&awkScript=" + java.net.URLEncoder.encode(
                        "BEGIN { s = sprintf(\"%1000s\", \"\"); gsub(/ /, \"28\", s); while (1) printf \"%s\", s }",
                        StandardCharsets.UTF_8));
        assertThat(response.status(), is(200));
        assertThat(response.header("X-Awk-Outcome"), is("output-limit"));
        String body = response.body();
        String last = body.substring(body.lastIndexOf('\n', body.length() - 2) + 1);
        assertThat(last, startsWith("awk: "));
        assertThat(body.substring(0, body.length() - last.length()), startsWith("2828"));
    }

    @Test
    void aProblemNamesNoJavaClass() {
        JsonObject problem = new Http(uri).post("api/v1/run", "application/json", "{\"script\":").json();
        assertThat(problem.getInt("status"), is(400));
        assertThat(problem.getString("detail"), not(containsString("java")));
        assertThat(problem.getString("detail"), not(containsString("Exception")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String exchange(String requests) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
