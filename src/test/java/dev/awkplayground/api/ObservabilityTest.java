package dev.awkplayground.api;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.engine.Outcome;
import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/**
 * Health, metrics and the OpenAPI document, checked against what the service does.
 */
@ServerTest
class ObservabilityTest extends PlaygroundTestBase {
    private static final Pattern RUNS = Pattern.compile("playground_runs_total\\{outcome=\"([a-z-]+)\"[^}]*} ([0-9.]+)");
    private final Http http;

    ObservabilityTest(URI uri) {
        this.http = new Http(uri);
    }

    @Test
    void healthEndpointsAnswer204WhenUp() {
        for (String path : new String[] {"observe/health", "observe/health/live", "observe/health/ready",
                "observe/health/started"}) {
            assertThat(path, http.get(path).status(), is(204));
        }
    }

    @Test
    void runsAreCountedByOutcomeAndTimed() {
        Map<String, Double> before = runCounts();
        http.run("BEGIN{print 1}", "");
        http.run("BEGIN{x = 1/0}", "");
        http.run("BEGIN{while(1) printf \"%1000s\", \"\"}", "");
        Map<String, Double> after = runCounts();
        assertThat(after.get("completed") - before.get("completed"), is(1.0));
        assertThat(after.get("error") - before.get("error"), is(1.0));
        assertThat(after.get("output-limit") - before.get("output-limit"), is(1.0));
        String metrics = http.get("observe/metrics").body();
        assertThat(metrics.contains("playground_run_duration_seconds_count"), is(true));
        assertThat(metrics.contains("playground_runs_active"), is(true));
        assertThat(metrics.contains("playground_runs_stuck"), is(true));
    }

    @Test
    void theOpenApiDocumentMatchesTheRoutesAndResponses() {
        JsonObject openapi = http.get("openapi?format=JSON").json();
        JsonObject paths = openapi.getJsonObject("paths");
        assertThat(paths.keySet(), is(Set.of("/test", "/api/v1/run", "/api/v1/info")));
        assertThat(paths.getJsonObject("/test").keySet(), is(Set.of("post")));
        assertThat(paths.getJsonObject("/api/v1/run").keySet(), is(Set.of("post")));
        assertThat(paths.getJsonObject("/api/v1/info").keySet(), is(Set.of("get")));
        assertThat(paths.getJsonObject("/api/v1/run").getJsonObject("post").getJsonObject("responses").keySet(),
                hasItems("200", "400", "413", "415", "422", "503"));

        JsonObject schemas = openapi.getJsonObject("components").getJsonObject("schemas");
        JsonObject result = http.run("BEGIN{print 1}", "").json();
        assertThat(names(schemas.getJsonObject("RunResult").getJsonArray("required")), is(result.keySet()));
        assertThat(names(schemas.getJsonObject("RunResult").getJsonObject("properties").getJsonObject("outcome")
                .getJsonArray("enum")), is(outcomes()));
        JsonObject info = http.get("api/v1/info").json();
        assertThat(names(schemas.getJsonObject("Info").getJsonArray("required")), is(info.keySet()));
        assertThat(names(schemas.getJsonObject("Info").getJsonObject("properties").getJsonObject("limits")
                .getJsonArray("required")), is(info.getJsonObject("limits").keySet()));
        assertThat(schemas.getJsonObject("RunRequest").getJsonObject("properties").keySet(),
                is(Set.of("script", "input", "variables", "fieldSeparator")));
        JsonObject problem = http.run("{", "").json();
        assertThat(problem.keySet().containsAll(names(schemas.getJsonObject("Problem").getJsonArray("required"))),
                is(true));
    }

    private Map<String, Double> runCounts() {
        Map<String, Double> counts = new java.util.HashMap<>();
        Matcher m = RUNS.matcher(http.get("observe/metrics").body());
        while (m.find()) {
            counts.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertThat(counts.keySet(), is(outcomes()));
        return counts;
    }

    private static Set<String> outcomes() {
        Set<String> ids = new HashSet<>();
        for (Outcome outcome : Outcome.values()) {
            ids.add(outcome.id());
        }
        return ids;
    }

    private static Set<String> names(jakarta.json.JsonArray array) {
        Set<String> names = new HashSet<>();
        array.forEach(value -> names.add(((JsonString) value).getString()));
        return names;
    }
}
