package dev.awkplayground.engine;

import java.time.Duration;

/**
 * Every run slot stayed busy for the whole queue wait.
 */
public class OverloadedException extends RuntimeException {
    private final Duration retryAfter;

    OverloadedException(int slots, Duration retryAfter) {
        super("all " + slots + " run slots are busy; try again shortly");
        this.retryAfter = retryAfter;
    }

    /**
     * @return a reasonable time to wait before retrying
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
