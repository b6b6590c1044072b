package dev.awkplayground.engine;

/**
 * Thrown inside a run to stop it at a limit. The interpreter may wrap it in its own exceptions; the engine reads the
 * outcome from the run's {@link RunGuard}, which remembers why it stopped the run.
 */
public final class RunStoppedException extends RuntimeException {
    private final Outcome outcome;

    RunStoppedException(Outcome outcome, String detail) {
        super(detail, null, false, false);
        this.outcome = outcome;
    }

    Outcome outcome() {
        return outcome;
    }
}
