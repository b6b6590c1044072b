package dev.awkplayground.engine.jawk;

import java.util.ArrayList;

import dev.awkplayground.engine.Sandbox;
import dev.awkplayground.engine.Sandbox.Access;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.intermediate.PositionTracker;

/**
 * Compiled scripts whose interpreter position goes through a {@link GuardedPositionTracker}. jawk's interpreter
 * obtains its tracker from {@code tuples.top()} on the thread that runs the script, where the run's guard is bound.
 * One instance is shared by every run of the same script.
 */
class GuardedTuples extends AwkTuples {
    private static final long serialVersionUID = 1L;
    /** The script's string constants that look like numbers, as the very objects jawk pushes (see Strnums). */
    private final ArrayList<String> numericConstants = new ArrayList<>();

    @Override
    public void push(Object o) {
        super.push(o);
        if (o instanceof String constant && Strnums.looksNumeric(constant)) {
            numericConstants.add(constant);
        }
    }

    String[] numericConstants() {
        return numericConstants.toArray(String[]::new);
    }

    @Override
    public PositionTracker top() {
        return JawkRun.current().track(super.top(), this);
    }

    /**
     * The sandboxed variant refuses, while compiling, every primitive that runs a command or opens a file, so such a
     * script is answered with a 422 before it runs. A print or printf redirected to a literal {@code "/dev/stdout"} or
     * {@code "/dev/stderr"} is the run's own output and passes, as does getline from a literal {@code "-"} or
     * {@code "/dev/stdin"}, the request's input; the runtime asks the {@link Sandbox} again in any case.
     */
    static final class Sandboxed extends GuardedTuples {
        private static final long serialVersionUID = 1L;
        private static final Sandbox SANDBOX = new Sandbox(true);

        @Override
        public void system() {
            SANDBOX.require(Access.RUN_COMMAND);
        }

        @Override
        public void useAsCommandInput() {
            SANDBOX.require(Access.READ_COMMAND);
        }

        @Override
        public void printToPipe(int numExprs) {
            SANDBOX.require(Access.WRITE_COMMAND);
        }

        @Override
        public void printfToPipe(int numExprs) {
            SANDBOX.require(Access.WRITE_COMMAND);
        }

        @Override
        public void useAsFileInput() {
            String source = JawkState.lastPushedString(this);
            SANDBOX.requireReadable(source == null ? "" : source);
            super.useAsFileInput();
        }

        @Override
        public void printToFile(int numExprs, boolean append) {
            requireOwnOutput();
            super.printToFile(numExprs, append);
        }

        @Override
        public void printfToFile(int numExprs, boolean append) {
            requireOwnOutput();
            super.printfToFile(numExprs, append);
        }

        /** The redirection's target is the last value pushed before it; only a literal naming an own stream passes. */
        private void requireOwnOutput() {
            String target = JawkState.lastPushedString(this);
            SANDBOX.requireWritable(target == null ? "" : target);
        }
    }
}
