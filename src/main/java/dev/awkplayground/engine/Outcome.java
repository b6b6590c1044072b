package dev.awkplayground.engine;

import java.util.Locale;

/**
 * How a run ended.
 */
public enum Outcome {
    /** The script ran to its end or called {@code exit}. */
    COMPLETED,
    /** AWK reported a runtime error, such as a division by zero or a file that cannot be opened. */
    ERROR,
    /** The run was stopped at the time limit. */
    TIMEOUT,
    /** The run was stopped because it wrote more than the output limit. */
    OUTPUT_LIMIT,
    /** The run was stopped because its data outgrew the memory limit. */
    MEMORY_LIMIT,
    /** The run was stopped because its commands started more processes than a run may have. */
    PROCESS_LIMIT,
    /** The run was stopped because the client that asked for it went away (it gave up, or pressed Cancel). */
    CANCELLED;

    /**
     * The name used in API responses and metrics, for example {@code output-limit}.
     *
     * @return lower-case, hyphenated name
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
