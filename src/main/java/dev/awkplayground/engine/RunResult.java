package dev.awkplayground.engine;

import java.time.Duration;

/**
 * What a run produced.
 *
 * @param output         what the program printed (and what the commands it ran printed), up to the output limit
 * @param stderr         what commands wrote to their standard error, and what AWK wrote to {@code /dev/stderr}
 * @param exitCode       AWK's exit status: the script's {@code exit} code, 0 when it ran off its end,
 *                       2 when it ended in an error or was stopped by a limit (the status gawk uses for fatal errors)
 * @param outcome        how the run ended
 * @param error          why the run did not complete, {@code null} when it did
 * @param errorLine      the script line the error points at, {@code null} when unknown
 * @param durationMillis wall-clock time of the run, compilation included
 */
public record RunResult(String output,
                        String stderr,
                        int exitCode,
                        Outcome outcome,
                        String error,
                        Integer errorLine,
                        Duration duration) {

    /** Exit status for a run that ended in an error or was stopped. */
    public static final int FAILURE_EXIT_CODE = 2;

    /**
     * @return the wall-clock time of the run in whole milliseconds, as the JSON answer gives it
     */
    public long durationMillis() {
        return duration.toMillis();
    }
}
