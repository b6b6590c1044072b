package dev.awkplayground.api;

import dev.awkplayground.engine.AwkEngine;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * The playground's own routes, {@code /test} and {@code /api/v1}, with their filters and error answers, over one
 * engine that this feature owns.
 * <p>
 * Helidon calls {@link #afterStop()} once the server has stopped: after it stopped accepting connections and gave the
 * requests in progress its shutdown grace period to finish. The engine then stops the runs still going, kills their
 * commands with what those left in the background, and ends its run threads and its watchdog. Without this, a stopped
 * server would leave them running inside the JVM (a test's, or one that embeds the server).
 */
public final class PlaygroundFeature implements HttpFeature {
    private final AwkEngine engine;
    private final RunMetrics metrics;

    /**
     * @param engine the engine that runs scripts; closed when the server stops
     */
    public PlaygroundFeature(AwkEngine engine) {
        this.engine = engine;
        this.metrics = new RunMetrics(Services.get(MeterRegistry.class), engine);
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(new SecurityHeaders())
                .addFilter(new ConnectionClose())
                .register("/test", new OriginalFormService(engine, metrics))
                .register("/api/v1", new RunService(engine, metrics));
        ErrorHandling.register(routing);
    }

    @Override
    public void afterStop() {
        engine.close();
    }
}
