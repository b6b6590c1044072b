package dev.awkplayground.api;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Real requests for every answer the OpenAPI document declares, each answer validated against the document: a status
 * it does not declare, a content type it does not give that status, or a body off its schema fails the test. Every
 * declared status of every operation is produced at least once.
 */
@ServerTest
@PlaygroundTestBase.Settings({"playground.limits.concurrent-runs=1", "playground.limits.queue-wait=200ms",
        "playground.limits.time=3s"})
class OpenApiConformanceTest extends PlaygroundTestBase {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String BIG = "x".repeat(1024 * 1024 + 1);

    private final OpenApiContract contract = new OpenApiContract();
    private final Map<String, Set<String>> seen = new LinkedHashMap<>();
    private final URI uri;
    private final Http http;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    OpenApiConformanceTest(URI uri) {
        this.uri = uri;
        this.http = new Http(uri);
    }

    @Test
    void everyDeclaredAnswerIsProducedAndMatchesTheDocument() throws Exception {
        // POST /api/v1/run
        check("post", "/api/v1/run", http.post("api/v1/run", "application/json", "{\"script\":\"BEGIN{print 1}\"}"));
        check("post", "/api/v1/run", http.post("api/v1/run", "application/json",
                "{\"script\":\"{print $2}\",\"input\":null,\"variables\":null,\"fieldSeparator\":null}"));
        check("post", "/api/v1/run", http.run("BEGIN { x = 1 / 0 }", ""));
        check("post", "/api/v1/run", http.post("api/v1/run", "application/json", "{"));
        check("post", "/api/v1/run", http.run("{print}", BIG));
        check("post", "/api/v1/run", http.post("api/v1/run", "text/plain", "BEGIN{print 1}"));
        check("post", "/api/v1/run", send("POST", "/api/v1/run", "application/json", "text/plain",
                "{\"script\":\"BEGIN{print 1}\"}"));
        check("post", "/api/v1/run", http.run("BEGIN {", ""));
        // GET /api/v1/info
        check("get", "/api/v1/info", http.get("api/v1/info"));
        check("get", "/api/v1/info", send("GET", "/api/v1/info", null, "application/xml", null));
        // POST /test
        check("post", "/test", http.post("test", FORM, "text=a+b&awkScript=" + encode("{print $2}")));
        check("post", "/test", http.post("test", FORM, "text=a"));
        check("post", "/test", http.post("test", FORM, "awkScript=" + encode("{print}") + "&text=" + BIG));
        check("post", "/test", http.post("test", "application/json", "{}"));
        check("post", "/test", send("POST", "/test", FORM, "application/json", "text=a&awkScript=x"));
        check("post", "/test", http.post("test", FORM, "text=&awkScript=" + encode("BEGIN {")));
        // Outside the operations: no such path, a method the path does not take.
        check("get", "/no/such/path", http.get("no/such/path"));
        check("get", "/api/v1/run", http.get("api/v1/run"));
        check("post", "/api/v1/info", http.post("api/v1/info", "application/json", "{}"));
        check("get", "/test", http.get("test"));

        // 503 on both run operations, while the only slot is taken.
        CompletableFuture<Http.Response> busy = http.runAsync("BEGIN{while(1){}}", "");
        awaitActiveRuns(1);
        check("post", "/api/v1/run", http.run("BEGIN{print 1}", ""));
        check("post", "/test", http.post("test", FORM, "text=&awkScript=" + encode("BEGIN{print 1}")));
        check("post", "/api/v1/run", busy.get(30, TimeUnit.SECONDS));

        for (String operation : List.of("post /api/v1/run", "get /api/v1/info", "post /test")) {
            String[] parts = operation.split(" ");
            assertThat(operation + ": declared statuses never produced",
                    new HashSet<>(contract.declaredStatuses(parts[0], parts[1])),
                    is(seen.getOrDefault(operation, Set.of())));
        }
    }

    @Test
    void theRequestSchemaTakesWhatTheServerTakes() {
        JsonMapper json = JsonMapper.builder().build();
        for (String accepted : List.of("{\"script\":\"BEGIN{print 1}\"}",
                "{\"script\":\"x\",\"input\":null,\"variables\":null,\"fieldSeparator\":null}",
                "{\"script\":\"x\",\"input\":\"a\",\"variables\":{\"n\":1,\"s\":\"t\"},\"fieldSeparator\":\",\"}")) {
            assertThat(accepted, contract.errors(contract.component("RunRequest"), json.readTree(accepted)), empty());
            assertThat(accepted, http.post("api/v1/run", "application/json", accepted).status(), is(200));
        }
        for (String refused : List.of("{}", "{\"script\":\"x\",\"nope\":1}", "{\"script\":1}",
                "{\"script\":\"x\",\"variables\":{\"a\":[1]}}")) {
            assertThat(refused, contract.errors(contract.component("RunRequest"), json.readTree(refused)), not(empty()));
            assertThat(refused, http.post("api/v1/run", "application/json", refused).status(), is(400));
        }
    }

    private void check(String method, String path, Http.Response response) {
        contract.assertConforms(method, path, response);
        seen.computeIfAbsent(method + " " + path, k -> new HashSet<>()).add(String.valueOf(response.status()));
    }

    /** A request with an Accept header, which {@link Http} does not send. */
    private Http.Response send(String method, String path, String contentType, String accept, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", accept);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, values.getFirst()));
        return new Http.Response(response.statusCode(), headers, response.body());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

}
