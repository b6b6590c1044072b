package dev.awkplayground.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code POST /test}, the original Go service's API: its README's curl commands must keep working.
 */
@ServerTest
class OriginalFormServiceTest extends PlaygroundTestBase {
    private final Http http;
    private final URI uri;

    OriginalFormServiceTest(URI uri) {
        this.uri = uri;
        this.http = new Http(uri);
    }

    @Test
    void originalReadmeFirstCurlPrintsTheFirstField() throws Exception {
        String out = curl("-X", "POST", "-F", "text=hello world", "-F", "awkScript={print $1}", uri + "test");
        assertThat(out, is("hello\n"));
    }

    @Test
    void originalReadmeSecondCurlListsTheWorkingDirectory() throws Exception {
        String out = curl("-X", "POST", "-F", "text=hello world", "-F", "awkScript=BEGIN{system(\"ls\")}",
                uri + "test");
        List<String> expected;
        try (var entries = Files.list(Path.of(""))) {
            expected = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")) // ls leaves out hidden files
                    .sorted()
                    .toList();
        }
        List<String> listed = Arrays.stream(out.split("\n")).sorted().toList();
        assertThat(listed, is(expected));
    }

    @Test
    void multipartFieldsRunTheScript() {
        Http.Response response = http.postMultipart("test", Map.of("text", "a b\nc d", "awkScript", "{print $2}"));
        assertThat(response.status(), is(200));
        assertThat(response.contentType(), startsWith("text/plain"));
        assertThat(response.body(), is("b\nd\n"));
        assertThat(response.header("X-Awk-Exit-Code"), is("0"));
        assertThat(response.header("X-Awk-Outcome"), is("completed"));
    }

    @Test
    void urlEncodedFieldsRunTheScript() {
        Http.Response response = http.post("test", "application/x-www-form-urlencoded",
                "text=" + enc("x y z") + "&awkScript=" + enc("{print NF, $3}"));
        assertThat(response.status(), is(200));
        assertThat(response.body(), is("3 z\n"));
    }

    @Test
    void aFileSentWithCurlAtSignIsReadAsText(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path input = dir.resolve("input.txt");
        Files.writeString(input, "1\n2\n3\n");
        String out = curl("-F", "text=@" + input, "-F", "awkScript={s += $1} END {print s}", uri + "test");
        assertThat(out, is("6\n"));
    }

    @Test
    void missingFieldsAre400ProblemsNamingTheField() {
        Http.Response noScript = http.postMultipart("test", Map.of("text", "x"));
        assertThat(noScript.status(), is(400));
        assertThat(noScript.contentType(), is("application/problem+json"));
        assertThat(noScript.json().getString("field"), is("awkScript"));
        assertThat(noScript.json().getString("detail"), containsString("awkScript"));

        Http.Response noText = http.postMultipart("test", Map.of("awkScript", "{print}"));
        assertThat(noText.status(), is(400));
        assertThat(noText.json().getString("field"), is("text"));
        assertThat(noText.json().getInt("status"), is(400));
    }

    @Test
    void otherContentTypesAre415() {
        Http.Response response = http.post("test", "application/json", "{\"text\":\"x\",\"awkScript\":\"{print}\"}");
        assertThat(response.status(), is(415));
        assertThat(response.contentType(), is("application/problem+json"));
        assertThat(response.json().getString("detail"), containsString("multipart/form-data"));
    }

    /**
     * A body that is not multipart but is framed correctly is read to its end before the 400, and the connection
     * stays open: closed on unread data, it would be reset, and a client still sending would lose the answer.
     */
    @Test
    void aMultipartBodyWithoutBoundaryIsA400OnAConnectionKeptOpen() {
        String parts = "--b1\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nx\r\n".repeat(20_000);
        Http.Response response = http.post("test", "multipart/form-data", parts);
        assertThat(response.status(), is(400));
        assertThat(response.json().getString("detail"), containsString("no multipart boundary was found"));
        assertThat(response.header("Connection"), is(not("close")));
    }

    @Test
    void getIs405WithAllow() {
        Http.Response response = http.get("test");
        assertThat(response.status(), is(405));
        assertThat(response.header("Allow"), is("POST"));
        assertThat(response.json().getString("title"), is("Method Not Allowed"));
    }

    @Test
    void aRuntimeErrorIsReportedInTheTextAndHeaders() {
        Http.Response response = http.postMultipart("test", Map.of("text", "", "awkScript",
                "BEGIN { print \"before\"; x = 1 / 0 }"));
        assertThat(response.status(), is(200));
        assertThat(response.body(), startsWith("before\nawk: division by zero attempted"));
        assertThat(response.header("X-Awk-Outcome"), is("error"));
        assertThat(response.header("X-Awk-Exit-Code"), is("2"));
    }

    @Test
    void aSyntaxErrorIsA422ProblemInPlainWords() {
        Http.Response response = http.postMultipart("test", Map.of("text", "", "awkScript", "{print $1"));
        assertThat(response.status(), is(422));
        assertThat(response.json().getString("type"), containsString("syntax-error"));
        assertThat(response.json().getString("detail"),
                is("line 1: expected `}`, found the end of the script: a `{` is not closed"));
        assertThat(response.json().getString("parserMessage"), is("Expecting CLOSE_BRACE. Found: EOF ()"));
    }

    /** The 413 names the form's fields, not the engine's (script, input). */
    @Test
    void fieldsOverTheirLimitAre413NamingTheFormField() {
        String tooLong = "x".repeat(engine().limits().inputBytes() + 1);
        Http.Response text = http.postMultipart("test", Map.of("text", tooLong, "awkScript", "{print}"));
        assertThat(text.status(), is(413));
        assertThat(text.json().getString("field"), is("text"));
        assertThat(text.json().getString("detail"), is("form field 'text' is " + tooLong.length()
                + " bytes, over the limit of " + engine().limits().inputBytes() + " bytes"));

        String longScript = "#" + "x".repeat(engine().limits().scriptBytes());
        Http.Response script = http.post("test", "application/x-www-form-urlencoded",
                "text=&awkScript=" + enc(longScript));
        assertThat(script.status(), is(413));
        assertThat(script.json().getString("field"), is("awkScript"));
        assertThat(script.json().getString("detail"), is("form field 'awkScript' is " + longScript.length()
                + " bytes, over the limit of " + engine().limits().scriptBytes() + " bytes"));
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Runs the real curl, as the original README does. */
    static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!curl.waitFor(60, TimeUnit.SECONDS) || curl.exitValue() != 0) {
            throw new AssertionError("curl failed: " + out);
        }
        return out;
    }
}
