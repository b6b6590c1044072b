package dev.awkplayground.engine.jawk;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import dev.awkplayground.engine.RunGuard;
import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.intermediate.PositionTracker;

/**
 * What the adapter keeps for one run while it executes on its thread: the run's guard, and the interpreters working
 * for it ({@code exec()} nests one inside another). jawk creates its runtime, tuples and tracker through factory
 * methods without arguments, so they find their run here, on the thread that runs the script.
 */
final class JawkRun {
    private static final ThreadLocal<JawkRun> CURRENT = new ThreadLocal<>();

    private final RunGuard guard;
    private final boolean leaveEnvironEmpty;
    private final Map<String, Object> builtinVariables;
    private final Deque<AVM> interpreters = new ArrayDeque<>();

    /**
     * @param builtinVariables the request's variables named like AWK's built-in ones, which the script's own
     *                         interpreter assigns once jawk has initialised them (exec()'s do not)
     */
    JawkRun(RunGuard guard, boolean leaveEnvironEmpty, Map<String, Object> builtinVariables) {
        this.guard = guard;
        this.leaveEnvironEmpty = leaveEnvironEmpty;
        this.builtinVariables = builtinVariables;
    }

    /**
     * The run on this thread.
     *
     * @throws IllegalStateException when no run is in progress here
     */
    static JawkRun current() {
        JawkRun run = CURRENT.get();
        if (run == null) {
            throw new IllegalStateException("no AWK run in progress on " + Thread.currentThread().getName());
        }
        return run;
    }

    void bind() {
        CURRENT.set(this);
        guard.measureDataWith(this::heldBytes);
    }

    void unbind() {
        CURRENT.remove();
    }

    RunGuard guard() {
        return guard;
    }

    /** Called by the interpreters as they start and end interpreting. */
    void enter(AVM avm) {
        interpreters.push(avm);
    }

    void leave(AVM avm) {
        interpreters.remove(avm);
    }

    /** How many interpreters are running: 1 for the script, one more for each exec() inside it. */
    int depth() {
        return interpreters.size();
    }

    /** The tracker of the interpreter that is starting: the innermost one. */
    PositionTracker track(PositionTracker tracker, GuardedTuples tuples) {
        return new GuardedPositionTracker(tracker, guard, interpreters.element(), tuples, leaveEnvironEmpty,
                interpreters.size() == 1 ? builtinVariables : Map.of());
    }

    /** What the run's interpreters hold, estimated (see {@link JawkState#heldBytes}). */
    private long heldBytes() {
        long held = 0;
        for (AVM avm : interpreters) {
            held += JawkState.heldBytes(avm);
        }
        return held;
    }
}
