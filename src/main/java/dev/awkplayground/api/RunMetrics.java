package dev.awkplayground.api;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.Outcome;
import dev.awkplayground.engine.RunResult;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The service's meters, published at {@code /observe/metrics}: {@code playground.runs} counts runs by
 * {@code outcome}, {@code playground.run.duration} times them, {@code playground.runs.active} and
 * {@code playground.runs.stuck} gauge what is running now.
 */
public final class RunMetrics {
    private final Map<Outcome, Counter> runs = new EnumMap<>(Outcome.class);
    private final Timer duration;

    /**
     * Registers the meters.
     *
     * @param registry the application's meter registry
     * @param engine   the engine whose runs are gauged
     */
    public RunMetrics(MeterRegistry registry, AwkEngine engine) {
        for (Outcome outcome : Outcome.values()) {
            runs.put(outcome, registry.getOrCreate(Counter.builder("playground.runs")
                    .description("AWK runs, by how they ended")
                    .tags(List.of(Tag.create("outcome", outcome.id())))));
        }
        duration = registry.getOrCreate(Timer.builder("playground.run.duration")
                .description("Wall-clock time of AWK runs, compilation included"));
        registry.getOrCreate(Gauge.builder("playground.runs.active", engine, AwkEngine::activeRuns)
                .description("AWK runs executing now"));
        registry.getOrCreate(Gauge.builder("playground.runs.stuck", engine, AwkEngine::stuckRuns)
                .description("AWK runs that could not be stopped at their deadline"));
    }

    /**
     * Counts a finished run.
     */
    public void record(RunResult result) {
        runs.get(result.outcome()).increment();
        duration.record(Duration.ofMillis(result.durationMillis()));
    }
}
