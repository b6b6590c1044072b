package dev.awkplayground.api;

import dev.awkplayground.engine.AwkEngine;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * Makes the server the owner of its engine: Helidon calls {@link #afterStop()} once the server has stopped, after it
 * stopped accepting connections and gave the requests in progress its shutdown grace period to finish, and the engine
 * then stops the runs still going, kills their commands with what those left in the background, and ends its run
 * threads and its watchdog. Without it a stopped server would leave them running inside the JVM (a test's, or one that
 * embeds the server). It adds no routes: the playground's own are registered on the routing itself ({@code Main}), after
 * the features' routes, as before.
 */
public final class EngineShutdown implements HttpFeature {
    private final AwkEngine engine;

    /**
     * @param engine the engine to close when the server stops
     */
    public EngineShutdown(AwkEngine engine) {
        this.engine = engine;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        // lifecycle only
    }

    @Override
    public void afterStop() {
        engine.close();
    }
}
