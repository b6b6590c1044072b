package dev.awkplayground.api;

import java.net.URI;

import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scripts that would run forever end at the time limit, their commands killed (see {@link RunawayScripts}). */
@ServerTest
@Settings("playground.limits.time=2s")
class RunawayScriptsTest extends RunawayScripts {
    RunawayScriptsTest(URI uri) {
        super(uri);
    }

    @ParameterizedTest(name = "{0} ends with {1}")
    @CsvSource(delimiterString = " => ", value = {
            "BEGIN{while(1){}} => timeout",
            "BEGIN{\"sleep 600\" | getline} => timeout",
            "BEGIN{system(\"sleep 600\")} => timeout",
            "BEGIN{print \"x\" | \"sleep 600\"} => timeout"})
    void aRunawayScriptEndsAtTheDeadlineWhileTheServiceKeepsServing(String script, String outcome) throws Exception {
        endsWith(script, outcome);
    }
}
