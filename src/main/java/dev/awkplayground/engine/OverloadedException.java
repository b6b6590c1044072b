package dev.awkplayground.engine;

import java.time.Duration;

/**
 * Every run slot stayed busy for the whole queue wait, or the server's heap is too full to start a run.
 */
public class OverloadedException extends RuntimeException {
    private final Duration retryAfter;

    OverloadedException(int slots, Duration retryAfter) {
        this("all " + slots + " run slots are busy; try again shortly", retryAfter);
    }

    OverloadedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /**
     * @return a reasonable time to wait before retrying
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
