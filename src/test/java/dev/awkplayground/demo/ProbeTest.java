package dev.awkplayground.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.ServiceProcess;
import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The attack probe against the service running here, in vulnerable mode: on this machine everything it tries is
 * possible, so the scorecard must say so, with evidence from the machine itself.
 */
@ServerTest
@Settings("playground.limits.time=10s")
class ProbeTest extends PlaygroundTestBase {
    private final URI uri;

    ProbeTest(URI uri) {
        this.uri = uri;
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
        // The environment was read: that is what "works" says, whatever the names look like.
        assertThat(probe.result("env-secrets"), is("works"));
        assertThat(probe.evidence("env-secrets"),
                startsWith(System.getenv().size() + " variables found; secret-looking names: "));
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

    /** The talk's comparison, in the terminal: one column a mode, one line an attack. */
    @Test
    void theTextScorecardPutsServicesSideBySide() throws Exception {
        try (ServiceProcess sandboxed = ServiceProcess.start(Map.of("PLAYGROUND_MODE", "sandboxed"), Map.of())) {
            ProbeRunner.ProbeRun both = ProbeRunner.run("--loopback-port", ProbeRunner.port(uri),
                    "vulnerable=" + uri, "sandboxed=" + sandboxed.uri());
            assertThat(both.exitCode(), is(0));
            List<String> lines = both.output().lines().toList();
            String runCommand = lines.stream().filter(line -> line.startsWith("run-command ")).findFirst().orElseThrow();
            assertThat(both.output(), lines.getFirst().matches("ATTACK +VULNERABLE +SANDBOXED"), is(true));
            assertThat(runCommand, runCommand.matches("run-command +works: uid=.{20,} +blocked: .*"), is(true));
            assertThat(lines.getLast(), lines.getLast().matches("attacks worked +\\d+ of (\\d+) +0 of \\1"), is(true));
            assertThat("every line fits a wide terminal", lines.stream().mapToInt(String::length).max().orElse(0),
                    lessThanOrEqualTo(18 + 2 * 35));
        }
    }

    @Test
    void anUnreachableServiceIsExit2WithOneLine() throws Exception {
        ProbeRunner.Refusal probe = ProbeRunner.runKeepingErrors("--json", "http://127.0.0.1:9/");
        assertThat(probe.exitCode(), is(2));
        assertThat(probe.errors(), is("probe: cannot probe http://127.0.0.1:9/api/v1/run: could not connect\n"));
    }

    /** curl's way of writing the address, as README's commands do, works as well as a URL. */
    @Test
    void hostAndPortAloneNameTheService() throws Exception {
        ProbeRunner.ProbeRun probe = ProbeRunner.run("--json", "--loopback-port", ProbeRunner.port(uri),
                "localhost:" + uri.getPort(), "named=127.0.0.1:" + uri.getPort());
        assertThat(probe.exitCode(), is(0));
        assertThat(probe.result("service", "run-command"), is("works"));
        assertThat(probe.result("named", "run-command"), is("works"));
    }

    @Test
    void helpPrintsTheUsageAndExits0() throws Exception {
        ProbeRunner.Refusal help = ProbeRunner.runKeepingErrors("--help");
        assertThat(help.exitCode(), is(0));
        assertThat(help.output(), startsWith("usage: java demo/Probe.java "));
        assertThat(help.output(), containsString("HOST:PORT (localhost:8080) or a URL"));
        assertThat(help.errors(), is(""));
    }

    /** Every bad argument: one line saying what is wrong, the usage, exit status 2, and never a stack trace. */
    @ParameterizedTest(name = "arguments: [{0}]")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
            "\"\" => name the service to probe, for example localhost:8080",
            "--verbose localhost:8080 => unknown option --verbose",
            "localhost => 'localhost' is not HOST:PORT (localhost:8080) or an http(s):// URL",
            "ftp://localhost:8080 => 'ftp://localhost:8080' is not HOST:PORT (localhost:8080) or an http(s):// URL",
            "--loopback-port eighty localhost:8080 => 'eighty' is not a port number",
            "--json-file => --json-file needs a file name"})
    void aBadArgumentGetsOneLineAndTheUsage(String arguments, String problem) throws Exception {
        ProbeRunner.Refusal probe = ProbeRunner.runKeepingErrors(
                arguments.isEmpty() ? new String[0] : arguments.split(" "));
        assertThat(probe.exitCode(), is(2));
        assertThat(probe.output(), is(""));
        List<String> lines = probe.errors().lines().toList();
        assertThat(lines.getFirst(), is("probe: " + problem));
        assertThat(lines.get(1), startsWith("usage: java demo/Probe.java "));
        assertThat(lines.size(), is(3));
    }
}
