package dev.awkplayground.api;

import java.net.URI;

import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Scripts whose data or output grow without bound end at the memory or output limit (see {@link RunawayScripts}); the
 * time limit is far beyond what they take, so it cannot come first on a slow machine.
 */
@ServerTest
@Settings("playground.limits.time=10m")
class RunawayDataTest extends RunawayScripts {
    RunawayDataTest(URI uri) {
        super(uri);
    }

    @ParameterizedTest(name = "{0} ends with {1}")
    @CsvSource(delimiterString = " => ", value = {
            "BEGIN{while(1) print \"x\"} => output-limit",
            "BEGIN{s=\"x\"; while(1) s = s s} => memory-limit",
            "BEGIN{while(1) a[i++]=i} => memory-limit",
            "function f(n){return f(n+1)} BEGIN{f(1)} => memory-limit",
            "BEGIN{printf \"%2000000000d\", 1} => output-limit",
            "BEGIN{printf \"%*d\", 2000000000, 1} => output-limit",
            "BEGIN{x = sprintf(\"%2000000000d\", 1)} => memory-limit",
            "BEGIN{getline line < \"/dev/zero\"} => memory-limit"})
    void aGrowingScriptEndsAtItsLimitWhileTheServiceKeepsServing(String script, String outcome) throws Exception {
        endsWith(script, outcome);
    }

    @Test
    void outputUpToTheLimitIsKept() {
        JsonObject result = http.run("BEGIN{while(1) print \"x\"}", "").json();
        assertThat(result.getString("output").length(), is(engine().limits().outputBytes()));
        assertThat(result.getString("output").startsWith("x\nx\n"), is(true));
    }
}
