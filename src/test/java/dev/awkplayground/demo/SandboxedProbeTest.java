package dev.awkplayground.demo;

import java.net.URI;
import java.util.List;

import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The same probe against sandboxed mode: commands, files and the environment are out of reach.
 */
@ServerTest
@Settings("playground.mode=sandboxed")
class SandboxedProbeTest extends PlaygroundTestBase {
    private final URI uri;

    SandboxedProbeTest(URI uri) {
        this.uri = uri;
    }

    @Test
    void everyAttackIsBlocked() throws Exception {
        ProbeRunner.ProbeRun probe = ProbeRunner.run("--json", "--loopback-port", ProbeRunner.port(uri), uri.toString());
        assertThat(probe.exitCode(), is(0));
        probe.findings().keySet().forEach(attack -> assertThat(attack, probe.result(attack), is("blocked")));
        assertThat(probe.evidence("run-command"), is("system() is refused in sandboxed mode: it runs a command"));
        assertThat(probe.evidence("read-shadow"), is("getline < file is refused in sandboxed mode: it reads a file"));
        assertThat(probe.evidence("write-root"), startsWith("print > file is refused in sandboxed mode: it writes a file"));
        assertThat(probe.evidence("env-secrets"), is("0 variables found; secret-looking names: none"));
        for (String attack : List.of("command-pipe", "package-manager", "open-connection")) {
            assertThat(probe.evidence(attack), containsString("refused in sandboxed mode"));
        }
    }
}
