package dev.awkplayground;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The service as a whole process: what it logs at start, how the mode is chosen, and what happens when a run
 * cannot be stopped at all.
 */
class ServiceProcessTest {
    private static final String WARNING = "anyone who can reach this port can run any command";

    @Test
    void vulnerableByDefaultBoundToLoopbackWithOneWarning() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of(), Map.of())) {
            assertThat(service.uri().toString(), startsWith("http://127.0.0.1:"));
            assertThat(new Http(service.uri()).get("api/v1/info").json().getString("mode"), is("vulnerable"));
            List<String> log = service.log();
            assertThat(log.stream().anyMatch(line -> line.contains("in vulnerable mode")), is(true));
            assertThat(log.stream().filter(line -> line.contains(WARNING)).count(), is(1L));
        }
    }

    /** Started with sudo on a laptop, vulnerable mode hands the machine over: the service says so, and what is safer. */
    @Test
    void asRootInVulnerableModeItSaysWhatThatMeansAndHowToRunSafer() throws Exception {
        boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        try (ServiceProcess service = ServiceProcess.start(Map.of(), Map.of())) {
            assertThat(service.log().stream().filter(line -> line.contains(Main.ROOT_WARNING)).count(),
                    is(root ? 1L : 0L));
        }
        assertThat(Main.ROOT_WARNING, containsString("PLAYGROUND_MODE=sandboxed"));
        assertThat(Main.ROOT_WARNING, containsString("a user that is not root"));
        assertThat(Main.ROOT_WARNING, containsString("scripts/lab.sh"));
    }

    @Test
    void theEnvironmentVariableChoosesSandboxedMode() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of("PLAYGROUND_MODE", "sandboxed"), Map.of())) {
            assertThat(new Http(service.uri()).get("api/v1/info").json().getString("mode"), is("sandboxed"));
            List<String> log = service.log();
            assertThat(log.stream().anyMatch(line -> line.contains("in sandboxed mode")), is(true));
            assertThat(log.stream().noneMatch(line -> line.contains(WARNING)), is(true));
            assertThat(log.stream().noneMatch(line -> line.contains(Main.ROOT_WARNING)), is(true));
        }
    }

    /** A mistake in the settings is one clear line and a non-zero exit, not a stack trace. */
    @Test
    void aConfigurationMistakePrintsItsMessageAloneAndExitsNonZero() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                JvmOptionFile.SERVICE.argument(), "-Dserver.port=0", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true);
        builder.environment().put("PLAYGROUND_MODE", "sandbox");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(), is(Main.CONFIGURATION_ERROR));
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertThat(output, lines.getLast(), is("Configuration error: playground.mode must be 'vulnerable' or "
                + "'sandboxed', not 'sandbox'"));
        assertThat(output, output.contains("\tat "), is(false));
        assertThat(output, output.contains("Exception"), is(false));
    }

    @Test
    void theSystemPropertyChoosesSandboxedMode() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of(), Map.of("playground.mode", "sandboxed"))) {
            Http http = new Http(service.uri());
            assertThat(http.run("BEGIN{system(\"id\")}", "").status(), is(422));
        }
    }

    /** On SIGTERM, runs in progress finish and are answered before the process exits. */
    @Test
    void shutdownLetsRunsInProgressFinish() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of(), Map.of())) {
            Http http = new Http(service.uri());
            CompletableFuture<Http.Response> inFlight =
                    http.runAsync("BEGIN { system(\"sleep 2\"); print \"finished\" }", "");
            awaitActiveRun(http);
            service.terminate();
            Http.Response response = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(response.status(), is(200));
            assertThat(response.json().getString("output"), is("finished\n"));
        }
    }

    private static void awaitActiveRun(Http http) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!http.get("observe/metrics").body().contains("playground_runs_active{scope=\"application\",} 1.0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the run did not start");
            }
            Thread.sleep(50);
        }
    }
}
