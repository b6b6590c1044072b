package dev.awkplayground.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.awkplayground.TestServers;
import dev.awkplayground.engine.AwkEngine;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.AfterStop;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The attack probe against the service running here, in vulnerable mode: on this machine everything it tries is
 * possible, so the scorecard must say so, with evidence from the machine itself.
 */
@ServerTest
class ProbeTest {
    private static AwkEngine engine;
    private final URI uri;

    ProbeTest(URI uri) {
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        engine = TestServers.setUp(server, Map.of("playground.limits.time", "10s"));
    }

    @AfterStop
    static void close() {
        engine.close();
    }

    @Test
    void theScorecardShowsWhatWorksHere() throws Exception {
        ProbeRunner.ProbeRun probe = ProbeRunner.run("--json", "--loopback-port", ProbeRunner.port(uri), uri.toString());
        assertThat(probe.exitCode(), is(0));
        int uid = (Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid");

        assertThat(probe.result("run-command"), is("works"));
        assertThat(probe.evidence("run-command"), startsWith("uid=" + uid + "("));
        assertThat(probe.result("spawn-shell"), is("works"));
        assertThat(probe.result("command-pipe"), is("works"));
        assertThat(probe.result("root-user"), is(uid == 0 ? "works" : "blocked"));
        assertThat(probe.evidence("root-user"), startsWith("Uid: " + uid + " "));
        assertThat(probe.evidence("capabilities"), startsWith("CapEff:"));
        assertThat(probe.result("read-passwd"), is("works"));
        assertThat(probe.result("write-tmp"), is("works"));
        assertThat(probe.result("open-connection"), is("works"));
        assertThat(probe.evidence("open-connection"), containsString("204"));
        assertThat(probe.evidence("env-secrets"), containsString("variables visible"));
        for (String attack : List.of("write-root", "write-usr-lib", "read-shadow")) {
            assertThat(attack, probe.result(attack), is(uid == 0 ? "works" : "blocked"));
        }
        // It cleans up after itself where a shell lets it.
        assertThat(ProbeRunner.leftFilesIn(Path.of("/tmp")), is(false));
        assertThat(ProbeRunner.leftFilesIn(Path.of("/")), is(false));
    }

    @Test
    void markdownAndTextScorecardsListEveryAttack() throws Exception {
        ProbeRunner.ProbeRun markdown = ProbeRunner.run("--markdown", "--loopback-port", ProbeRunner.port(uri),
                uri.toString());
        assertThat(markdown.exitCode(), is(0));
        assertThat(markdown.output(), startsWith("| attack | tries | result | evidence |\n|---|---|---|---|\n"));
        assertThat(markdown.output(), containsString("| run-command | `run a program: system(\"id\")` | **works** |"));
        assertThat(markdown.output().lines().count(), is(22L));

        ProbeRunner.ProbeRun text = ProbeRunner.run("--loopback-port", ProbeRunner.port(uri), uri.toString());
        assertThat(text.output(), containsString("attacks worked"));
    }

    @Test
    void severalServicesAreScoredSideBySide(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path json = dir.resolve("scorecard.json");
        ProbeRunner.ProbeRun both = ProbeRunner.run("--markdown", "--json-file", json.toString(),
                "--loopback-port", ProbeRunner.port(uri), "one=" + uri, "two=" + uri);
        assertThat(both.exitCode(), is(0));
        assertThat(both.output(), startsWith("| attack | tries | one | two |\n|---|---|---|---|\n"));
        assertThat(both.output(), containsString("| run-command | `run a program: system(\"id\")` | **works**: `uid="));
        var findings = ProbeRunner.findings(java.nio.file.Files.readString(json));
        assertThat(findings.get("run-command").getJsonObject("results").keySet(),
                is(java.util.Set.of("one", "two")));
        assertThat(findings.get("write-tmp").getJsonObject("results").getJsonObject("two").getString("result"),
                is("works"));
    }

    @Test
    void anUnreachableServiceIsExit2() throws Exception {
        ProbeRunner.ProbeRun probe = ProbeRunner.run("--json", "http://127.0.0.1:9/");
        assertThat(probe.exitCode(), is(2));
    }
}
