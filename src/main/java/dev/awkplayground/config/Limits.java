package dev.awkplayground.config;

import java.time.Duration;

/**
 * What one AWK run, and the service as a whole, may consume.
 *
 * @param scriptBytes   largest accepted script, in UTF-8 bytes
 * @param inputBytes    largest accepted input text, in UTF-8 bytes
 * @param outputBytes   most bytes a run may write, to the response and to files together
 * @param memoryBytes   most memory a run's variables, arrays, call stack and pending input may hold (estimated)
 * @param time          wall-clock time a run may take
 * @param concurrentRuns runs executing at once; further requests wait up to {@code queueWait}
 * @param queueWait     how long a request waits for a free slot before it is answered 503
 * @param stuckAfter    how long past its deadline a run that cannot be stopped may go on before liveness fails
 */
public record Limits(int scriptBytes,
                     int inputBytes,
                     int outputBytes,
                     long memoryBytes,
                     Duration time,
                     int concurrentRuns,
                     Duration queueWait,
                     Duration stuckAfter) {

    public Limits {
        requirePositive("script-size", scriptBytes);
        requirePositive("input-size", inputBytes);
        requirePositive("output-size", outputBytes);
        requirePositive("memory", memoryBytes);
        requirePositive("concurrent-runs", concurrentRuns);
        requirePositive("time", time.toMillis());
        if (queueWait.isNegative()) {
            throw new IllegalArgumentException("playground.limits.queue-wait must not be negative");
        }
        requirePositive("stuck-after", stuckAfter.toMillis());
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("playground.limits." + name + " must be positive, not " + value);
        }
    }
}
