package dev.awkplayground.api;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code POST /api/v1/run} and {@code GET /api/v1/info}: the JSON contract and every error status.
 */
@ServerTest
class RunApiTest extends PlaygroundTestBase {
    private final Http http;
    private final URI uri;

    RunApiTest(URI uri) {
        this.uri = uri;
        this.http = new Http(uri);
    }

    @Test
    void aRunAnswersItsOutputAndHowItEnded() {
        Http.Response response = http.run("{print $2}", "a b\nc d\n");
        assertThat(response.status(), is(200));
        assertThat(response.contentType(), containsString("application/json"));
        JsonObject result = response.json();
        assertThat(result.getString("output"), is("b\nd\n"));
        assertThat(result.getString("stderr"), is(""));
        assertThat(result.getInt("exitCode"), is(0));
        assertThat(result.getString("outcome"), is("completed"));
        assertThat(result.isNull("error"), is(true));
        assertThat(result.getJsonNumber("durationMillis").longValue(), greaterThanOrEqualTo(0L));
        assertThat(result.getString("mode"), is("vulnerable"));
    }

    @Test
    void inputDefaultsToEmpty() {
        JsonObject result = http.postJson("api/v1/run",
                Json.createObjectBuilder().add("script", "END {print NR}").build()).json();
        assertThat(result.getString("output"), is("0\n"));
    }

    @Test
    void variablesWorkLikeDashV() {
        JsonObject body = Json.createObjectBuilder()
                .add("script", "BEGIN {print greeting, n + 1, (n > 9)}")
                .add("variables", Json.createObjectBuilder().add("greeting", "hi there").add("n", "10"))
                .build();
        assertThat(http.postJson("api/v1/run", body).json().getString("output"), is("hi there 11 1\n"));
    }

    @Test
    void numericVariablesMayBeJsonNumbers() {
        JsonObject body = Json.createObjectBuilder()
                .add("script", "BEGIN {print n * 2}")
                .add("variables", Json.createObjectBuilder().add("n", 21))
                .build();
        assertThat(http.postJson("api/v1/run", body).json().getString("output"), is("42\n"));
    }

    @Test
    void fieldSeparatorWorksLikeDashF() {
        JsonObject body = Json.createObjectBuilder()
                .add("script", "{print $1 \"-\" $3}")
                .add("input", "root:x:0:0\nnobody:x:65534:65534\n")
                .add("fieldSeparator", ":")
                .build();
        assertThat(http.postJson("api/v1/run", body).json().getString("output"), is("root-0\nnobody-65534\n"));
    }

    @Test
    void exitCodeIsReturnedAndEarlierOutputKept() {
        JsonObject result = http.run("{print \"line\", NR} NR == 2 {exit 3}", "a\nb\nc\n").json();
        assertThat(result.getString("output"), is("line 1\nline 2\n"));
        assertThat(result.getInt("exitCode"), is(3));
        assertThat(result.getString("outcome"), is("completed"));
    }

    @Test
    void exitRunsTheEndRule() {
        JsonObject result = http.run("BEGIN {exit 4} END {print \"end ran\"}", "").json();
        assertThat(result.getString("output"), is("end ran\n"));
        assertThat(result.getInt("exitCode"), is(4));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BEGIN { print \"kept\"; x = 1 / 0 } | division by zero attempted",
            "BEGIN { print \"kept\"; x = 7 % 0 } | division by zero attempted in `%'",
            "BEGIN { print \"kept\"; y = 0; x = 1; x /= y } | division by zero attempted in `/='",
            "BEGIN { print \"kept\"; print $(-1) } | attempt to access field -1"})
    void runtimeErrorsAreResultsWithTheirMessage(String script, String message) {
        Http.Response response = http.run(script, "");
        assertThat(response.status(), is(200));
        JsonObject result = response.json();
        assertThat(result.getString("outcome"), is("error"));
        assertThat(result.getString("error"), is(message));
        assertThat(result.getInt("exitCode"), is(2));
        assertThat(result.getString("output"), is("kept\n"));
        assertThat(result.getInt("errorLine"), is(1));
    }

    @Test
    void aSyntaxErrorIs422InPlainWordsWithItsLineAndTheParsersMessage() {
        Http.Response response = http.run("BEGIN {\n  x = 1\n  print (x\n}\n", "");
        assertThat(response.status(), is(422));
        assertThat(response.contentType(), is("application/problem+json"));
        JsonObject problem = response.json();
        assertThat(problem.getString("type"), is("tag:awk-playground,2026:problem:syntax-error"));
        assertThat(problem.getString("title"), is("The AWK script does not compile"));
        assertThat(problem.getInt("status"), is(422));
        assertThat(problem.getString("detail"), is("line 3: expected `)`, found the end of the line"));
        assertThat(problem.getInt("line"), is(3));
        assertThat(problem.getString("parserMessage"), is("Expecting CLOSE_PAREN. Found: NEWLINE (\n)"));
    }

    @Test
    void malformedJsonIs400() {
        Http.Response response = http.post("api/v1/run", "application/json", "{\"script\": ");
        assertProblem(response, 400, "not valid JSON");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        assertProblem(http.post("api/v1/run", "application/json", "[1, 2]"), 400, "JSON object");
    }

    @Test
    void aMissingScriptIs400NamingIt() {
        Http.Response response = http.postJson("api/v1/run", Json.createObjectBuilder().add("input", "x").build());
        assertProblem(response, 400, "script is required");
        assertThat(response.json().getString("field"), is("script"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"script\": 42} | script | script must be a string, not a number",
            "{\"script\": \"{print}\", \"input\": {\"a\": 1}} | input | input must be a string, not an object",
            "{\"script\": \"{print}\", \"variables\": [1]} | variables | variables must be an object",
            "{\"script\": \"{print}\", \"variables\": {\"x\": true}} | variables | must be a string or a number",
            "{\"script\": \"{print}\", \"variables\": {\"1x\": \"v\"}} | variables | is not an AWK variable name",
            "{\"script\": \"{print}\", \"fieldSeparator\": 1} | fieldSeparator | must be a string",
            "{\"awkScript\": \"{print}\"} | awkScript | unknown field 'awkScript'"})
    void wrongFieldsAre400NamingTheField(String body, String field, String detail) {
        Http.Response response = http.post("api/v1/run", "application/json", body);
        assertProblem(response, 400, detail);
        assertThat(response.json().getString("field"), is(field));
    }

    @Test
    void otherContentTypesAre415() {
        assertProblem(http.post("api/v1/run", "text/plain", "{print}"), 415, "application/json");
    }

    @Test
    void anInputOverTheLimitIs413NamingTheField() {
        String input = "x".repeat(engine().limits().inputBytes() + 1);
        Http.Response response = http.run("{print}", input);
        assertProblem(response, 413, "over the limit of " + engine().limits().inputBytes() + " bytes");
        assertThat(response.json().getString("field"), is("input"));
    }

    @Test
    void aScriptOverTheLimitIs413() {
        String script = "#" + "x".repeat(engine().limits().scriptBytes());
        Http.Response response = http.run(script, "");
        assertProblem(response, 413, "script is");
        assertThat(response.json().getString("field"), is("script"));
    }

    @Test
    void aBodyOverTheServersPayloadLimitIs413Problem() throws Exception {
        // The server answers as soon as it reads Content-Length, before the body; a raw socket shows exactly that.
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/run HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (9 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response, startsWith("HTTP/1.1 413 "));
            assertThat(response, containsString("Content-Type: application/problem+json"));
            assertThat(response, containsString("\"status\":413"));
            assertThat(response, containsString("larger than the server accepts"));
        }
    }

    @Test
    void unknownPathsAre404Problems() {
        assertProblem(http.get("api/v1/nothing-here"), 404, "no such endpoint");
    }

    @Test
    void wrongMethodIs405() {
        Http.Response response = http.get("api/v1/run");
        assertProblem(response, 405, "use POST");
        assertThat(response.header("Allow"), is("POST"));
    }

    @Test
    void infoTellsModeLimitsAndEngine() {
        Http.Response response = http.get("api/v1/info");
        assertThat(response.status(), is(200));
        JsonObject info = response.json();
        assertThat(info.getString("mode"), is("vulnerable"));
        assertThat(info.getString("engine"), is("jawk 5.0.00"));
        JsonObject limits = info.getJsonObject("limits");
        assertThat(limits.getInt("scriptBytes"), is(65536));
        assertThat(limits.getInt("inputBytes"), is(1 << 20));
        assertThat(limits.getInt("outputBytes"), is(1 << 20));
        assertThat(limits.getJsonNumber("memoryBytes").longValue(), is(64L << 20));
        assertThat(limits.getInt("timeMillis"), is((int) engine().limits().time().toMillis()));
        assertThat(limits.getInt("concurrentRuns"), is(4));
    }

    @Test
    void aSuccessfulRunAlsoCarriesTheSecurityHeaders() {
        Http.Response response = http.run("BEGIN{print 1}", "");
        assertThat(response.header("Content-Security-Policy"), containsString("default-src 'self'"));
        assertThat(response.header("X-Content-Type-Options"), is("nosniff"));
    }

    static void assertProblem(Http.Response response, int status, String detailPart) {
        assertThat(response.body(), response.status(), is(status));
        assertThat(response.contentType(), is("application/problem+json"));
        JsonObject problem = response.json();
        assertThat(problem.getInt("status"), is(status));
        assertThat(problem.get("type").getValueType(), is(JsonValue.ValueType.STRING));
        assertThat(problem.getString("title").isBlank(), is(false));
        assertThat(problem.getString("detail"), containsString(detailPart));
        assertThat(response.body(), not(containsString("Exception")));
        assertThat(response.body(), not(containsString("\tat ")));
    }
}
