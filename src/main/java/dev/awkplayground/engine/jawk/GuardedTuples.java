package dev.awkplayground.engine.jawk;

import java.util.ArrayList;
import java.util.HashMap;

import dev.awkplayground.engine.Sandbox;
import dev.awkplayground.engine.Sandbox.Access;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.intermediate.Opcode;
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
    /**
     * sub() and gsub() on an element or a field, whose subscript jawk compiles twice: at the instruction that reads
     * the target (the key), the instruction after its second copy of the subscript (the value).
     */
    private final HashMap<Integer, Integer> repeatedSubscripts = new HashMap<>();

    @Override
    public void push(Object o) {
        super.push(o);
        if (o instanceof String constant && Strnums.looksNumeric(constant)) {
            numericConstants.add(constant);
        }
    }

    /**
     * {@code sub(re, s, a[i])} compiles as {@code a} and {@code i}, DEREF_ARRAY (the element's value), {@code i} again,
     * SUB_FOR_ARRAY_REFERENCE; {@code sub(re, s, $i)} as {@code i}, GET_INPUT_FIELD, {@code i} again,
     * SUB_FOR_DOLLAR_REFERENCE. The second copy of {@code i} is found by being the same instructions as the first; the
     * tracker then skips it, reusing the first one's value, so a subscript with side effects is evaluated once.
     */
    @Override
    public void subForArrayReference(int arrayOffset, boolean isGlobal, boolean isGsub) {
        noteRepeatedSubscript(Opcode.DEREF_ARRAY, arrayOffset);
        super.subForArrayReference(arrayOffset, isGlobal, isGsub);
    }

    @Override
    public void subForDollarReference(boolean isGsub) {
        noteRepeatedSubscript(Opcode.GET_INPUT_FIELD, -1);
        super.subForDollarReference(isGsub);
    }

    private void noteRepeatedSubscript(Opcode read, long arrayOffset) {
        int sub = JawkState.tupleCount(this);
        for (int at = sub - 2; at > 0; at--) {
            int length = sub - at - 1;
            int first = at - length;
            int start = arrayOffset < 0 ? first : first - 1;
            if (start < 0) {
                return;
            }
            if (JawkState.opcodeAt(this, at) != read || (arrayOffset >= 0
                    && (JawkState.opcodeAt(this, start) != Opcode.DEREFERENCE
                    || JawkState.intArgAt(this, start) != arrayOffset))) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                same = JawkState.sameInstruction(this, first + i, at + 1 + i);
            }
            if (same) {
                repeatedSubscripts.put(at, sub);
                return;
            }
        }
    }

    /** Where the target of a sub() or gsub() is read: where its second subscript ends; null elsewhere. */
    Integer afterRepeatedSubscript(int index) {
        return repeatedSubscripts.isEmpty() ? null : repeatedSubscripts.get(index);
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
