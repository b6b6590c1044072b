package dev.awkplayground.api;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Vulnerable mode: everything AWK can do with commands and files works, and command output comes back whole and in
 * order. Its rows that must reach the output limit write in a loop, which took 3.6 s on a loaded machine: the time
 * limit is set far beyond that, so it cannot come first.
 */
@ServerTest
@PlaygroundTestBase.Settings("playground.limits.time=2m")
class CommandsTest extends PlaygroundTestBase {
    private final Http http;

    CommandsTest(URI uri) {
        this.http = new Http(uri);
    }

    @Test
    void systemOutputComesBackCompleteAndInOrderEveryTime() {
        for (int i = 0; i < 100; i++) {
            JsonObject result = http.run("BEGIN{system(\"echo pwned\"); print \"after\"}", "").json();
            assertThat("run " + i, result.getString("output"), is("pwned\nafter\n"));
        }
    }

    /** As in awk, system() and getline stop waiting when the shell exits; had they waited, the run would time out. */
    @Test
    void aCommandLeftRunningInTheBackgroundDoesNotHoldTheScript() {
        JsonObject result = http.run("BEGIN { system(\"sleep 30 &\"); \"sleep 30 & echo read\" | getline line; "
                + "print \"returned\", line }", "").json();
        assertThat(result.getString("outcome"), is("completed"));
        assertThat(result.getString("output"), is("returned read\n"));
    }

    @Test
    void systemReturnsTheCommandsExitStatus() {
        assertThat(http.run("BEGIN{r = system(\"exit 3\"); print \"status\", r}", "").json().getString("output"),
                is("status 3\n"));
    }

    @Test
    void commandOutputIsReadWithGetline() {
        JsonObject result = http.run("BEGIN{while ((\"printf 'a\\\\nb\\\\n'\" | getline line) > 0) print \"got\", line, NR}",
                "").json();
        assertThat(result.getString("output"), is("got a 0\ngot b 0\n"));
    }

    @Test
    void closingACommandReturnsItsExitStatus() {
        JsonObject result = http.run("BEGIN{\"echo x; exit 5\" | getline; print $0, close(\"echo x; exit 5\")}", "")
                .json();
        assertThat(result.getString("output"), is("x 5\n"));
    }

    @Test
    void printIsPipedIntoACommand() {
        JsonObject result = http.run("{print | \"sort\"} END {close(\"sort\"); print \"done\"}", "b\nc\na\n").json();
        assertThat(result.getString("output"), is("a\nb\nc\ndone\n"));
    }

    @Test
    void filesAreReadWithGetline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("in.txt");
        Files.writeString(file, "one\ntwo\nthree\n");
        JsonObject result = run("BEGIN{while ((getline line < f) > 0) {n++; last = line}; print n, NR, last}",
                Map.of("f", file.toString()));
        // As in gawk, mawk and the one true awk, getline from a file leaves NR alone.
        assertThat(result.getString("output"), is("3 0 three\n"));
    }

    @Test
    void filesAreWrittenAndAppended(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.txt");
        run("BEGIN{print \"first\" > f; close(f); print \"second\" >> f; printf \"%s\\n\", \"third\" >> f}",
                Map.of("f", file.toString()));
        assertThat(Files.readString(file), is("first\nsecond\nthird\n"));
    }

    @Test
    void aFileThatCannotBeOpenedGivesMinusOneAndItsReasonOnStderr() {
        JsonObject result = http.run("BEGIN{r = getline line < \"/no/such/file\"; print r}", "").json();
        assertThat(result.getString("outcome"), is("completed"));
        assertThat(result.getString("output"), is("-1\n"));
        assertThat(result.getString("stderr"),
                containsString("cannot open \"/no/such/file\" for reading: No such file or directory"));
    }

    @Test
    void standardErrorIsCapturedNotMixedIntoTheOutput() {
        JsonObject result = http.run("BEGIN{system(\"echo to-stderr >&2\"); print \"note\" > \"/dev/stderr\"; "
                + "print \"out\" > \"/dev/stdout\"}", "").json();
        assertThat(result.getString("output"), is("out\n"));
        assertThat(result.getString("stderr"), is("to-stderr\nnote\n"));
    }

    @Test
    void environShowsTheServersEnvironment() {
        JsonObject result = http.run("BEGIN{print ENVIRON[\"PATH\"]}", "").json();
        assertThat(result.getString("output"), is(System.getenv("PATH") + "\n"));
    }

    @Test
    void filesWrittenCountAgainstTheOutputLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.txt");
        JsonObject result = run("BEGIN{while (1) print \"xxxxxxxxxxxxxxx\" > f}", Map.of("f", file.toString()));
        assertThat(result.getString("outcome"), is("output-limit"));
        assertThat(Files.size(file), lessThanOrEqualTo((long) engine().limits().outputBytes()));
    }

    @Test
    void commandOutputCountsAgainstTheOutputLimit() {
        JsonObject result = http.run("BEGIN{system(\"yes\")}", "").json();
        assertThat(result.getString("outcome"), is("output-limit"));
        assertThat(result.getString("output").length(), is(engine().limits().outputBytes()));
        assertThat(result.getString("error"), containsString("output limit"));
    }

    private JsonObject run(String script, Map<String, String> variables) {
        var vars = Json.createObjectBuilder();
        variables.forEach(vars::add);
        return http.postJson("api/v1/run", Json.createObjectBuilder()
                .add("script", script)
                .add("variables", vars)
                .build()).json();
    }
}
