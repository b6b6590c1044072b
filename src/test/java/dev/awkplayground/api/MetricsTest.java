package dev.awkplayground.api;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.Http;
import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.Json;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * What an operator reads at {@code /observe/metrics}: the run-duration and slot-wait histograms, refusals by kind,
 * the slot gauges, the script cache and the processes the engine ended, checked against the traffic that made them;
 * and the whole text checked by Prometheus' own {@code promtool check metrics}.
 */
@ServerTest
@PlaygroundTestBase.Settings({"playground.limits.concurrent-runs=1", "playground.limits.queue-wait=200ms",
        "playground.limits.time=3s"})
class MetricsTest extends PlaygroundTestBase {
    private static final String REFUSALS = "playground_refusals_total";
    private final Http http;

    MetricsTest(URI uri) {
        this.http = new Http(uri);
    }

    @Test
    void runDurationIsAHistogramFromSubMillisecondToFiveSeconds() {
        MetricsText before = metrics();
        http.run("BEGIN { print 1 }", "");
        MetricsText after = metrics();
        String name = "playground_run_duration_seconds";
        assertThat(after.buckets(name), is(List.of("5.0E-4", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "+Inf")));
        assertThat(after.value(name + "_count") - before.value(name + "_count"), is(1.0));
        assertThat(after.value(name + "_bucket", "le=\"+Inf\"") - before.value(name + "_bucket", "le=\"+Inf\""),
                is(1.0));
        assertThat("no quantiles: they cannot be aggregated across pods", after.text().contains(name + "{"),
                is(false));
    }

    @Test
    void refusalsAreCountedByKindAndField() {
        MetricsText before = metrics();
        http.run("BEGIN {", "");
        http.run("{ print }", "x".repeat(1024 * 1024 + 1));
        http.post("api/v1/run", "application/json", "{\"script\":\"x\",\"no-such-field\":1}");
        http.post("api/v1/run", "application/json", "{\"script\":1}");
        http.post("api/v1/run", "text/plain", "BEGIN{}");
        http.post("test", "application/x-www-form-urlencoded", "text=a");
        MetricsText after = metrics();
        assertThat(delta(before, after, "reason=\"syntax-error\"", "cause=\"none\""), is(1.0));
        assertThat(delta(before, after, "reason=\"too-large\"", "cause=\"input\""), is(1.0));
        assertThat("a field the API does not have is not a label value", delta(before, after,
                "reason=\"invalid-request\"", "cause=\"other\""), is(1.0));
        assertThat(delta(before, after, "reason=\"invalid-request\"", "cause=\"script\""), is(1.0));
        assertThat(delta(before, after, "reason=\"unsupported-media-type\"", "cause=\"none\""), is(1.0));
        assertThat(delta(before, after, "reason=\"invalid-request\"", "cause=\"awkScript\""), is(1.0));
    }

    @Test
    void slotsWaitsAndOverloadAreVisible() throws Exception {
        MetricsText before = metrics();
        assertThat(before.value("playground_run_slots"), is(1.0));
        CompletableFuture<Http.Response> busy = http.runAsync("BEGIN { while (1) {} }", "");
        awaitActiveRuns(1);
        assertThat(http.run("BEGIN { print 1 }", "").status(), is(503));
        MetricsText during = metrics();
        assertThat(during.value("playground_runs_active"), is(1.0));
        assertThat(delta(before, during, "reason=\"overloaded\"", "cause=\"none\""), is(1.0));
        String wait = "playground_slot_wait_seconds";
        assertThat(during.value(wait + "_count") - before.value(wait + "_count"), is(2.0));
        assertThat("the refused request waited the queue wait (200 ms), in a bucket above 0.1 s",
                during.value(wait + "_bucket", "le=\"0.1\"") - before.value(wait + "_bucket", "le=\"0.1\""),
                is(1.0));
        assertThat(during.value("playground_runs_waiting"), is(0.0));
        assertThat(busy.get(30, TimeUnit.SECONDS).json().getString("outcome"), is("timeout"));
    }

    @Test
    void theScriptCacheCountsItsSizeAndHits() {
        String script = "BEGIN { print \"cache " + System.nanoTime() + "\" }";
        http.run(script, "");
        MetricsText before = metrics();
        http.run(script, "");
        MetricsText after = metrics();
        assertThat(after.value("playground_script_cache_hits_total")
                - before.value("playground_script_cache_hits_total"), is(1.0));
        assertThat(after.value("playground_script_cache_size"), greaterThanOrEqualTo(1.0));
    }

    @Test
    void processesLeftBehindAreCountedWhenKilled() throws Exception {
        double before = metrics().value("playground_processes_killed_total");
        Http.Response response = http.run("BEGIN { system(\"sleep 120 &\") }", "");
        assertThat(response.status(), is(200));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        double after = before;
        while (after <= before && System.nanoTime() < deadline) {
            // The engine sweeps after each run; another run makes one happen.
            http.run("BEGIN { }", "");
            after = metrics().value("playground_processes_killed_total");
            Thread.sleep(50);
        }
        assertThat(after, greaterThan(before));
        assertThat(metrics().text().contains("playground_processes_reaped_total"), is(true));
    }

    /**
     * {@code promtool check metrics} over the real text after traffic of every kind: nothing of the project's. What
     * it still says of Helidon's own meters (classloader_loaded_classes_count and thread counts named *_count without
     * being histograms) is listed in docs/api.md.
     */
    @Test
    void promtoolFindsNothingOfTheProjects() throws Exception {
        http.run("BEGIN { print 1 }", "");
        http.run("BEGIN {", "");
        String text = metrics().text();
        Process promtool = new ProcessBuilder(promtool().toString(), "check", "metrics")
                .redirectErrorStream(true).start();
        try (var in = promtool.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String findings = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS), is(true));
        List<String> ours = findings.lines().filter(line -> line.startsWith("playground")).toList();
        assertThat(findings, ours, empty());
        assertThat("the project's meters are in the text promtool read", text.contains("playground_runs_total"),
                is(true));
        assertThat("Helidon's own meters in snake case", text.contains("memory_used_heap_bytes"), is(true));
        assertThat(text.contains("usedHeap"), is(false));
    }

    private MetricsText metrics() {
        Http.Response response = http.get("observe/metrics");
        assertThat(response.status(), is(200));
        return new MetricsText(response.body());
    }

    private static double delta(MetricsText before, MetricsText after, String... labels) {
        return after.value(REFUSALS, labels) - before.value(REFUSALS, labels);
    }

    /** promtool as scripts/test.sh unpacks it (target/promtool), or on the PATH; missing, it fails under CI=true. */
    static Path promtool() {
        Path unpacked = Path.of("target/promtool/usr/bin/promtool").toAbsolutePath();
        if (Files.isExecutable(unpacked)) {
            return unpacked;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                return Path.of(dir, "promtool");
            }
        }
        String message = "promtool is missing: scripts/test.sh unpacks it from Debian's prometheus package into "
                + "target/promtool";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: a missing tool fails the test)");
        }
        Assumptions.abort(message);
        return null;
    }

}
