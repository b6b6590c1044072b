package dev.awkplayground.api;

import java.util.Map;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Sandboxed mode: the same API, with commands, pipes and file input/output refused and the environment hidden.
 * Nothing here needs a socket, so the requests go straight to the routing (Helidon's routing test).
 */
@RoutingTest
@Settings("playground.mode=sandboxed")
class SandboxedModeTest extends PlaygroundTestBase {
    private static final String WRITE_REFUSED = "print > file is refused in sandboxed mode: it writes a file; only "
            + "\"/dev/stdout\" and \"/dev/stderr\" may be written";
    private static final String ARGV_REFUSED = "a file named in ARGV is refused in sandboxed mode: the main input is "
            + "the request's input, and files are not read";
    private final Http http;

    SandboxedModeTest(DirectClient client) {
        this.http = new Http(client);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "BEGIN { system(\"id\") } => system() is refused in sandboxed mode: it runs a command",
            "BEGIN { \"id\" | getline x } => \"command\" | getline is refused in sandboxed mode: it runs a command",
            "BEGIN { print \"x\" | \"cat\" } => print | \"command\" is refused in sandboxed mode: it runs a command",
            "BEGIN { printf \"x\" | \"cat\" } => print | \"command\" is refused in sandboxed mode: it runs a command",
            "BEGIN { getline x < \"/etc/passwd\" } => getline < file is refused in sandboxed mode: it reads a file",
            "BEGIN { getline < \"/etc/passwd\" } => getline < file is refused in sandboxed mode: it reads a file",
            "BEGIN { print \"x\" > \"/tmp/pwned\" } => " + WRITE_REFUSED,
            "BEGIN { print \"x\" >> \"/tmp/pwned\" } => " + WRITE_REFUSED,
            "BEGIN { printf \"x\" > \"/tmp/pwned\" } => " + WRITE_REFUSED,
            "BEGIN { f = \"/dev/stderr\"; print \"x\" > f } => " + WRITE_REFUSED,
            "BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print } => " + ARGV_REFUSED,
            "BEGIN { ARGV[ARGC++] = \"/etc/passwd\" } { print } => " + ARGV_REFUSED,
            "BEGIN { exec(\"BEGIN { system(\\\"id\\\") }\") } => system() is refused in sandboxed mode: it runs a command"})
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
        assertThat(response.json().getString("detail"), is("system() is refused in sandboxed mode: it runs a command"));
    }

    /** The refusal comes before anything looks at the path, so it cannot tell whether a file exists. */
    @Test
    void aRefusedFileOperandDoesNotTellWhetherItExists() {
        String existing = http.run("BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print }", "").body();
        String missing = http.run("BEGIN { ARGV[1] = \"/no/such/file\"; ARGC = 2 } { print }", "").body();
        assertThat(missing, is(existing));
    }

    @Test
    void environShowsNothingOfTheServersEnvironment() {
        assertThat(System.getenv("PATH").isEmpty(), is(false));
        JsonObject result = http.run("BEGIN { for (name in ENVIRON) n++; print n + 0; print ENVIRON[\"PATH\"] \"|\" }", "")
                .json();
        assertThat(result.getString("outcome"), is("completed"));
        assertThat(result.getString("output"), is("0\n|\n"));
    }

    /** Writing to the run's own streams is not writing a file: the answer's output and stderr hold it. */
    @Test
    void theRunsOwnOutputAndStderrMayBeWritten() {
        JsonObject result = http.run("BEGIN { print \"a\" > \"/dev/stdout\"; print \"b\" > \"/dev/stderr\"; "
                + "printf \"c\\n\" > \"-\"; print \"d\" }", "").json();
        assertThat(result.getString("outcome"), is("completed"));
        assertThat(result.getString("output"), is("a\nc\nd\n"));
        assertThat(result.getString("stderr"), is("b\n"));
    }

    /** The main input is the request's: assignments and "-" in ARGV still work, as they reach no file. */
    @Test
    void argvAssignmentsAndTheRequestsInputStillWork() {
        JsonObject result = http.run("BEGIN { ARGV[1] = \"x=5\"; ARGV[2] = \"-\"; ARGC = 3 } { print x, NR, FNR, $0 }",
                "a\nb\n").json();
        assertThat(result.getString("output"), is("5 1 1 a\n5 2 2 b\n"));
    }

    @Test
    void ordinaryScriptsStillRun() {
        JsonObject result = http.run("{ n[$1]++ } END { for (w in n) print w, n[w] }", "a\na\n").json();
        assertThat(result.getString("output"), is("a 2\n"));
        assertThat(result.getString("mode"), is("sandboxed"));
    }

    @Test
    void infoTellsTheMode() {
        assertThat(http.get("api/v1/info").json().getString("mode"), is("sandboxed"));
    }
}
