package dev.awkplayground.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The sandbox's refusals (422 sandbox-refusal, at compile time and at run time) match the OpenAPI document too.
 */
@ServerTest
@PlaygroundTestBase.Settings("playground.mode=sandboxed")
class OpenApiConformanceSandboxedTest extends PlaygroundTestBase {
    private final OpenApiContract contract = new OpenApiContract();
    private final Http http;

    OpenApiConformanceSandboxedTest(URI uri) {
        this.http = new Http(uri);
    }

    @Test
    void refusalsMatchTheDocument() {
        Http.Response compiled = http.run("BEGIN { system(\"id\") }", "");
        assertThat(compiled.status(), is(422));
        contract.assertConforms("post", "/api/v1/run", compiled);
        Http.Response argv = http.run("BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print }", "");
        assertThat(argv.status(), is(422));
        contract.assertConforms("post", "/api/v1/run", argv);
        Http.Response form = http.post("test", "application/x-www-form-urlencoded",
                "text=&awkScript=" + URLEncoder.encode("BEGIN { print > \"/tmp/x\" }", StandardCharsets.UTF_8));
        assertThat(form.status(), is(422));
        contract.assertConforms("post", "/test", form);
        Http.Response result = http.run("BEGIN { print ENVIRON[\"HOME\"] }", "");
        assertThat(result.status(), is(200));
        contract.assertConforms("post", "/api/v1/run", result);
    }
}
