package dev.awkplayground.api;

import java.net.URI;
import java.util.Map;

import dev.awkplayground.Http;
import dev.awkplayground.TestServers;
import dev.awkplayground.engine.AwkEngine;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.AfterStop;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;



/**
 * Sandboxed mode: the same API, with commands, pipes and file input/output refused and the environment hidden.
 */
@ServerTest
class SandboxedModeTest {
    private static AwkEngine engine;
    private final Http http;

    SandboxedModeTest(URI uri) {
        this.http = new Http(uri);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        engine = TestServers.setUp(server, Map.of("playground.mode", "sandboxed"));
    }

    @AfterStop
    static void close() {
        engine.close();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "BEGIN { system(\"id\") } => system() is disabled in sandboxed mode",
            "BEGIN { \"id\" | getline x } => Command execution through pipelines is disabled in sandboxed mode",
            "BEGIN { print \"x\" | \"cat\" } => Command execution through pipelines is disabled in sandboxed mode",
            "BEGIN { printf \"x\" | \"cat\" } => Command execution through pipelines is disabled in sandboxed mode",
            "BEGIN { getline x < \"/etc/passwd\" } => Input redirection is disabled in sandboxed mode",
            "BEGIN { getline < \"/etc/passwd\" } => Input redirection is disabled in sandboxed mode",
            "BEGIN { print \"x\" > \"/tmp/pwned\" } => Output redirection is disabled in sandboxed mode",
            "BEGIN { print \"x\" >> \"/tmp/pwned\" } => Output redirection is disabled in sandboxed mode",
            "BEGIN { printf \"x\" > \"/tmp/pwned\" } => Output redirection is disabled in sandboxed mode"})
    void commandsPipesAndFilesAreRefusedNamingWhat(String script, String detail) {
        Http.Response response = http.run(script, "");
        assertThat(response.status(), is(422));
        assertThat(response.contentType(), is("application/problem+json"));
        JsonObject problem = response.json();
        assertThat(problem.getString("type"), is("tag:awk-playground,2026:problem:sandbox-refusal"));
        assertThat(problem.getString("title"), is("Refused in sandboxed mode"));
        assertThat(problem.getString("detail"), is(detail));
    }

    @Test
    void theFormApiRefusesTheSameWay() {
        Http.Response response = http.postMultipart("test", Map.of("text", "x", "awkScript", "BEGIN{system(\"ls\")}"));
        assertThat(response.status(), is(422));
        assertThat(response.json().getString("detail"), is("system() is disabled in sandboxed mode"));
    }

    @Test
    void environShowsNothingOfTheServersEnvironment() {
        assertThat(System.getenv("PATH").isEmpty(), is(false));
        JsonObject result = http.run("BEGIN { for (name in ENVIRON) n++; print n + 0; print ENVIRON[\"PATH\"] \"|\" }", "")
                .json();
        assertThat(result.getString("outcome"), is("completed"));
        assertThat(result.getString("output"), is("0\n|\n"));
    }

    @Test
    void ordinaryScriptsStillRun() {
        JsonObject result = http.run("{ n[$1]++ } END { for (w in n) print w, n[w] }", "a\na\n").json();
        assertThat(result.getString("output"), is("a 2\n"));
        assertThat(result.getString("mode"), is("sandboxed"));
    }

    @Test
    void execOfARefusedScriptIsAnErrorResult() {
        JsonObject result = http.run("BEGIN { exec(\"BEGIN { system(\\\"id\\\") }\") }", "").json();
        assertThat(result.getString("outcome"), is("error"));
        assertThat(result.getString("error"), is("system() is disabled in sandboxed mode"));
    }

    @Test
    void infoTellsTheMode() {
        assertThat(http.get("api/v1/info").json().getString("mode"), is("sandboxed"));
    }
}
