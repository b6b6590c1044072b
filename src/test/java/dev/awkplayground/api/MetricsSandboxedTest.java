package dev.awkplayground.api;

import java.net.URI;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Sandboxed mode's refusals are counted by the rule that refused, at compile time and at run time.
 */
@ServerTest
@PlaygroundTestBase.Settings("playground.mode=sandboxed")
class MetricsSandboxedTest extends PlaygroundTestBase {
    private static final String REFUSALS = "playground_refusals_total";
    private final Http http;

    MetricsSandboxedTest(URI uri) {
        this.http = new Http(uri);
    }

    @Test
    void refusalsAreCountedByRule() {
        MetricsText before = metrics();
        http.run("BEGIN { system(\"id\") }", "");
        http.run("BEGIN { \"id\" | getline x }", "");
        http.run("BEGIN { print \"x\" > \"/tmp/f\" }", "");
        http.run("BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print }", "");
        MetricsText after = metrics();
        for (String rule : new String[] {"run-command", "read-command", "write-file", "read-argv-file"}) {
            assertThat(rule, after.value(REFUSALS, "reason=\"sandbox-refusal\"", "cause=\"" + rule + "\"")
                    - before.value(REFUSALS, "reason=\"sandbox-refusal\"", "cause=\"" + rule + "\""), is(1.0));
        }
    }

    private MetricsText metrics() {
        return new MetricsText(http.get("observe/metrics").body());
    }
}
