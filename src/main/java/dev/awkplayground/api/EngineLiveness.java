package dev.awkplayground.api;

import java.lang.System.Logger.Level;

import dev.awkplayground.engine.AwkEngine;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Liveness fails while a run is stuck: past its deadline by more than {@code playground.limits.stuck-after} and
 * still going, inside a step jawk cannot interrupt. Nothing inside the process can end it, so Kubernetes should
 * restart the container. It fails too, for as long as it lasts, while a run slot has no thread and one cannot be
 * started (the service has used up the threads or processes it may have): runs could not be served.
 */
public final class EngineLiveness implements HealthCheck {
    private static final System.Logger LOGGER = System.getLogger(EngineLiveness.class.getName());
    private final AwkEngine engine;

    /**
     * @param engine the engine to watch
     */
    public EngineLiveness(AwkEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public String name() {
        return "awk-runs";
    }

    @Override
    public HealthCheckResponse call() {
        int stuck = engine.stuckRuns();
        if (stuck > 0) {
            LOGGER.log(Level.WARNING, stuck + " AWK run(s) could not be stopped at their deadline; reporting not live "
                    + "so the container is restarted");
        }
        boolean threads = engine.runThreadsReady();
        if (!threads) {
            LOGGER.log(Level.WARNING, "a run thread could not be started; reporting not live until it can be");
        }
        return HealthCheckResponse.builder()
                .status(stuck == 0 && threads)
                .detail("active", engine.activeRuns())
                .detail("stuck", stuck)
                .detail("runThreads", threads)
                .build();
    }
}
