package dev.awkplayground.engine;

import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.intermediate.PositionTracker;
import org.metricshub.jawk.intermediate.SandboxedAwkTuples;

/**
 * Compiled scripts whose interpreter position goes through a {@link GuardedPositionTracker}. jawk's interpreter
 * obtains its tracker from {@code tuples.top()} on the thread that runs the script, where the run's guard is bound.
 * One instance is shared by every run of the same script.
 */
final class GuardedTuples extends AwkTuples {
    private static final long serialVersionUID = 1L;

    @Override
    public PositionTracker top() {
        return RunGuard.current().track(super.top());
    }

    /**
     * The sandboxed variant: jawk's sandboxed compiler refuses commands, pipes and file redirection while compiling.
     */
    static final class Sandboxed extends SandboxedAwkTuples {
        private static final long serialVersionUID = 1L;

        @Override
        public PositionTracker top() {
            return RunGuard.current().track(super.top());
        }
    }
}
