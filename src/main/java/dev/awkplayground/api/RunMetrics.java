package dev.awkplayground.api;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.ChildProcesses;
import dev.awkplayground.engine.Outcome;
import dev.awkplayground.engine.RunResult;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The service's meters, published at {@code /observe/metrics} (docs/api.md lists them with their Prometheus names):
 * runs by outcome and their duration as a histogram, requests refused before a run by reason, the time requests wait
 * for a run slot, the slots and the requests waiting for them, the compiled-script cache, and the processes that
 * commands left behind and the engine killed or reaped.
 */
public final class RunMetrics {
    /** From a cached one-liner (~0.1 ms) to the 5 s time limit. */
    private static final Duration[] RUN_BUCKETS = durations(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500,
            5000);
    /** From no wait at all to the 1 s queue wait, and a little over it for a loaded machine. */
    private static final Duration[] WAIT_BUCKETS = durations(0.1, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500);

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> runs = new EnumMap<>(Outcome.class);
    private final Timer duration;

    /**
     * Registers the meters.
     *
     * @param registry the application's meter registry
     * @param engine   the engine whose runs are gauged
     */
    public RunMetrics(MeterRegistry registry, AwkEngine engine) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            runs.put(outcome, registry.getOrCreate(Counter.builder("playground.runs")
                    .description("AWK runs, by how they ended")
                    .tags(List.of(Tag.create("outcome", outcome.id())))));
        }
        duration = registry.getOrCreate(Timer.builder("playground.run.duration")
                .description("Wall-clock time of AWK runs, compilation included")
                .buckets(RUN_BUCKETS)
                .percentiles(new double[0]));
        Timer slotWait = registry.getOrCreate(Timer.builder("playground.slot.wait")
                .description("Time a request waited for a run slot, also when it got none (503)")
                .buckets(WAIT_BUCKETS)
                .percentiles(new double[0]));
        engine.observeSlotWaits(slotWait::record);
        engineMeter(Gauge.builder("playground.runs.active", engine, AwkEngine::activeRuns)
                .description("AWK runs executing now"));
        engineMeter(Gauge.builder("playground.runs.stuck", engine, AwkEngine::stuckRuns)
                .description("AWK runs that could not be stopped at their deadline"));
        engineMeter(Gauge.builder("playground.runs.waiting", engine, AwkEngine::waitingRuns)
                .description("Requests waiting for a run slot now"));
        engineMeter(Gauge.builder("playground.run.slots", engine, e -> e.limits().concurrentRuns())
                .description("Runs that may execute at once (playground.limits.concurrent-runs)"));
        engineMeter(Gauge.builder("playground.script.cache.size", engine, AwkEngine::cachedScripts)
                .description("Distinct compiled scripts held for reuse"));
        engineMeter(FunctionalCounter.builder("playground.script.cache.hits", engine,
                        AwkEngine::scriptCacheHits)
                .description("Runs whose script was found compiled already"));
        engineMeter(FunctionalCounter.builder("playground.processes.killed", engine,
                        e -> ChildProcesses.killed())
                .description("Processes of commands the engine killed: a stopped run's, or left behind by one"));
        engineMeter(FunctionalCounter.builder("playground.processes.reaped", engine,
                        e -> ChildProcesses.reaped())
                .description("Orphaned zombie processes the engine reaped"));
    }

    /**
     * Registers a meter that reads the engine, replacing one a previous engine of this JVM registered (a server
     * started again in the same JVM, as the tests do): {@code getOrCreate} would keep reading the closed engine.
     */
    private <B extends Meter.Builder<B, M>, M extends Meter> void engineMeter(B builder) {
        registry.remove(builder.name(), List.of());
        registry.getOrCreate(builder);
    }

    /**
     * Counts a finished run.
     */
    public void record(RunResult result) {
        runs.get(result.outcome()).increment();
        duration.record(result.duration());
    }

    /**
     * Counts a request answered with a problem before anything ran.
     *
     * @param reason the problem's type, such as {@code too-large} or {@code sandbox-refusal}
     * @param cause  the field at fault, the sandbox rule refused, or {@code none}
     */
    void refused(String reason, String cause) {
        registry.getOrCreate(Counter.builder("playground.refusals")
                .description("Requests answered with a problem before any run: by problem type and by the field "
                        + "or sandbox rule at fault")
                .tags(List.of(Tag.create("reason", reason), Tag.create("cause", cause == null ? "none" : cause))))
                .increment();
    }

    private static Duration[] durations(double... millis) {
        Duration[] durations = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(millis[i] * 1_000_000));
        }
        return durations;
    }
}
