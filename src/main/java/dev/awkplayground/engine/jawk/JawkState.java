package dev.awkplayground.engine.jawk;

import dev.awkplayground.engine.RunGuard;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.intermediate.Opcode;
import org.metricshub.jawk.intermediate.PositionTracker;
import org.metricshub.jawk.jrt.AssocArray;
import org.metricshub.jawk.jrt.JRT;

/**
 * Reads the private interpreter state of jawk 5.0.00: the operand stack (so an instruction's operands can be checked
 * before it runs), the variables, call frames and current record (so a run's memory can be estimated), the input
 * fields and a few variable offsets (so the service can split records and answer {@code match()} itself), and the
 * last tuple of a script being compiled (so the sandbox can see where a print is redirected).
 * jawk offers no API for either. The fields are looked up once, when this class loads, so a jawk upgrade that
 * renames them fails at start-up rather than in the middle of a run.
 */
final class JawkState {
    private static final Field AVM_OPERAND_STACK = field(AVM.class, "operandStack");
    private static final Field AVM_RUNTIME_STACK = field(AVM.class, "runtimeStack");
    private static final Field AVM_JRT = field(AVM.class, "jrt");
    private static final Field STACK_GLOBALS = field(AVM_RUNTIME_STACK.getType(), "globals");
    private static final Field STACK_LOCALS = field(AVM_RUNTIME_STACK.getType(), "locals");
    private static final Field STACK_FRAMES = field(AVM_RUNTIME_STACK.getType(), "localsStack");
    private static final Field JRT_FIELDS = field(JRT.class, "inputFields");
    private static final Field AVM_RSTART_OFFSET = field(AVM.class, "rstartOffset");
    private static final Field AVM_RLENGTH_OFFSET = field(AVM.class, "rlengthOffset");
    private static final Field AVM_OFMT_OFFSET = field(AVM.class, "ofmtOffset");
    private static final Field AVM_NF_OFFSET = field(AVM.class, "nfOffset");
    private static final Field TUPLES_QUEUE = field(AwkTuples.class, "queue");
    private static final Method AVM_ASSIGN = method(AVM.class, "assign", long.class, Object.class, boolean.class,
            PositionTracker.class);
    private static final Method AVM_ASSIGN_ARRAY = method(AVM.class, "assignArray", long.class, Object.class,
            Object.class, boolean.class);
    private static final Method STACK_POP_ALL_FRAMES = method(AVM_RUNTIME_STACK.getType(), "popAllFrames");
    private static final Field TUPLE_OPCODE = field(TUPLES_QUEUE.getDeclaringClass().getClassLoader(),
            "org.metricshub.jawk.intermediate.Tuple", "opcode");
    private static final Field TUPLE_STRINGS = field(TUPLE_OPCODE.getDeclaringClass(), "strings");
    private static final Field TUPLE_INTS = field(TUPLE_OPCODE.getDeclaringClass(), "ints");
    private static final Field TUPLE_BOOLS = field(TUPLE_OPCODE.getDeclaringClass(), "bools");
    private static final Field TUPLE_DOUBLES = field(TUPLE_OPCODE.getDeclaringClass(), "doubles");

    // Object sizes on a 64-bit JVM with compressed references (strings and array elements: RunGuard); checked against
    // the heap after a full collection by HeldBytesTest.
    private static final long BOXED_NUMBER = 16;
    private static final long ARRAY_OVERHEAD = 16;
    private static final long REFERENCE = 8;

    private JawkState() {
    }

    /**
     * Loads this class, and so looks up jawk's private fields; the engine calls it when it is created.
     */
    static void requireKnownJawk() {
        // the static initializers above do the work
    }

    /**
     * The operand stack of an interpreter; its first element is the top.
     */
    @SuppressWarnings("unchecked")
    static Deque<Object> operandStack(AVM avm) {
        return (Deque<Object>) read(AVM_OPERAND_STACK, avm);
    }

    /**
     * The input fields of a runtime: element 0 is {@code $0}. Mutable; jawk's field splitting fills it.
     */
    @SuppressWarnings("unchecked")
    static List<String> inputFields(JRT jrt) {
        return (List<String>) read(JRT_FIELDS, jrt);
    }

    /** The runtime of an interpreter. */
    static JRT jrt(AVM avm) {
        return (JRT) read(AVM_JRT, avm);
    }

    /** The current value of a global variable, by the offset jawk gave it. */
    static Object global(AVM avm, long offset) {
        Object[] globals = (Object[]) read(STACK_GLOBALS, read(AVM_RUNTIME_STACK, avm));
        return offset < 0 || globals == null ? null : globals[(int) offset];
    }

    /**
     * A variable's value as jawk's DEREFERENCE reads it: a global, or a local of the function that runs, by the offset
     * and scope its instruction names; null or an uninitialised value if it was never set.
     */
    static Object variable(AVM avm, long offset, boolean global) {
        Object[] values = (Object[]) read(global ? STACK_GLOBALS : STACK_LOCALS, read(AVM_RUNTIME_STACK, avm));
        return values[(int) offset];
    }

    /**
     * Where jawk keeps NF; its ASSIGN takes an assignment to a function's local at this offset for one to NF (it checks
     * the offset, not the scope), cutting or padding the record.
     */
    static long nfOffset(AVM avm) {
        return (long) read(AVM_NF_OFFSET, avm);
    }

    /** Assigns a function's local variable, as jawk's ASSIGN would but for NF, leaving the value on the operand stack. */
    static void assignLocal(AVM avm, long offset, Object value) {
        ((Object[]) read(STACK_LOCALS, read(AVM_RUNTIME_STACK, avm)))[(int) offset] = value;
        operandStack(avm).push(value);
    }

    /** Sets {@code RSTART} and {@code RLENGTH}, as {@code match()} does. */
    static void setMatchResult(AVM avm, int start, int length) {
        Object[] globals = (Object[]) read(STACK_GLOBALS, read(AVM_RUNTIME_STACK, avm));
        long rstart = (long) read(AVM_RSTART_OFFSET, avm);
        long rlength = (long) read(AVM_RLENGTH_OFFSET, avm);
        if (rstart >= 0 && rlength >= 0) {
            globals[(int) rstart] = start;
            globals[(int) rlength] = length;
        }
    }

    /** Where jawk keeps {@code OFMT}, which it reads through a private method; -1 before the script starts. */
    static int ofmtOffset(AVM avm) {
        return (int) (long) read(AVM_OFMT_OFFSET, avm);
    }

    /** The global variables of an interpreter; null before the script starts. */
    static Object[] globals(AVM avm) {
        return (Object[]) read(STACK_GLOBALS, read(AVM_RUNTIME_STACK, avm));
    }

    /** How many instructions compiled tuples hold. */
    static int tupleCount(AwkTuples tuples) {
        return ((List<?>) read(TUPLES_QUEUE, tuples)).size();
    }

    /** The opcode of a compiled script's instruction; null past its end. */
    static Opcode opcodeAt(AwkTuples tuples, int index) {
        List<?> queue = (List<?>) read(TUPLES_QUEUE, tuples);
        return index < queue.size() ? (Opcode) read(TUPLE_OPCODE, queue.get(index)) : null;
    }

    /** The first integer argument of a compiled script's instruction (a variable's offset, a count). */
    static long intArgAt(AwkTuples tuples, int index) {
        return ((long[]) read(TUPLE_INTS, ((List<?>) read(TUPLES_QUEUE, tuples)).get(index)))[0];
    }

    /**
     * Whether two instructions of a compiled script are the same instruction with the same arguments (their jump
     * addresses aside).
     */
    static boolean sameInstruction(AwkTuples tuples, int first, int second) {
        List<?> queue = (List<?>) read(TUPLES_QUEUE, tuples);
        Object a = queue.get(first);
        Object b = queue.get(second);
        return read(TUPLE_OPCODE, a) == read(TUPLE_OPCODE, b)
                && Arrays.equals((long[]) read(TUPLE_INTS, a), (long[]) read(TUPLE_INTS, b))
                && Arrays.equals((boolean[]) read(TUPLE_BOOLS, a), (boolean[]) read(TUPLE_BOOLS, b))
                && Arrays.equals((double[]) read(TUPLE_DOUBLES, a), (double[]) read(TUPLE_DOUBLES, b))
                && Arrays.equals((String[]) read(TUPLE_STRINGS, a), (String[]) read(TUPLE_STRINGS, b));
    }

    /**
     * The string of the last instruction added to tuples being compiled, when it pushes a string literal; otherwise
     * {@code null}.
     */
    static String lastPushedString(AwkTuples tuples) {
        List<?> queue = (List<?>) read(TUPLES_QUEUE, tuples);
        if (queue.isEmpty()) {
            return null;
        }
        Object last = queue.get(queue.size() - 1);
        if (read(TUPLE_OPCODE, last) != Opcode.PUSH) {
            return null;
        }
        String[] strings = (String[]) read(TUPLE_STRINGS, last);
        return strings[0];
    }

    /** Leaves every function call, as jawk's {@code exit} does before it jumps to END. */
    static void popAllFrames(AVM avm) {
        invoke(STACK_POP_ALL_FRAMES, read(AVM_RUNTIME_STACK, avm));
    }

    /**
     * Estimates the bytes held by an interpreter's variables, arrays, call frames, operand stack and current record.
     */
    static long heldBytes(AVM avm) {
        Object stack = read(AVM_RUNTIME_STACK, avm);
        long bytes = sizeOf(read(STACK_GLOBALS, stack)) + sizeOf(read(STACK_LOCALS, stack));
        for (Object frame : (Collection<?>) read(STACK_FRAMES, stack)) {
            bytes += sizeOf(frame) + REFERENCE * 4;
        }
        for (Object operand : operandStack(avm)) {
            bytes += sizeOf(operand) + REFERENCE * 4;
        }
        JRT jrt = (JRT) read(AVM_JRT, avm);
        bytes += sizeOf(jrt.getInputLine());
        for (Object field : (List<?>) read(JRT_FIELDS, jrt)) {
            bytes += sizeOf(field) + REFERENCE;
        }
        return bytes;
    }

    /**
     * Length of a value once AWK turns it into a string; numbers are short.
     */
    static long stringLength(Object value) {
        return value instanceof String s ? s.length() : 24;
    }

    /** The bytes a value holds on the heap; values shared by two variables are counted twice. */
    static long sizeOf(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return RunGuard.bytesOf(s);
        }
        if (value instanceof AssocArray array) {
            long bytes = ARRAY_OVERHEAD * 4;
            for (Map.Entry<Object, Object> entry : array.entrySet()) {
                Object key = entry.getKey();
                bytes += RunGuard.ELEMENT_OVERHEAD + (key instanceof String ? sizeOf(key) : 0)
                        + sizeOf(entry.getValue());
            }
            return bytes;
        }
        if (value instanceof Object[] frame) {
            long bytes = ARRAY_OVERHEAD + REFERENCE * frame.length;
            for (Object element : frame) {
                bytes += sizeOf(element);
            }
            return bytes;
        }
        return BOXED_NUMBER;
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("jawk internals changed: " + type.getName() + "." + name + " is gone", e);
        }
    }

    /**
     * Assigns a variable as jawk's own instructions do (NF's assignment rebuilds the record, for one), leaving the
     * value on the operand stack.
     */
    static void assign(AVM avm, long offset, Object value, boolean global, PositionTracker position) {
        invoke(AVM_ASSIGN, avm, offset, value, global, position);
    }

    /** Assigns an array element as jawk's own instructions do, leaving the value on the operand stack. */
    static void assignArray(AVM avm, long offset, Object index, Object value, boolean global) {
        invoke(AVM_ASSIGN_ARRAY, avm, offset, index, value, global);
    }

    private static void invoke(Method method, Object target, Object... arguments) {
        try {
            method.invoke(target, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method method = type.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("jawk internals changed: " + type.getName() + "." + name + " is gone", e);
        }
    }

    private static Field field(ClassLoader loader, String className, String name) {
        try {
            return field(Class.forName(className, false, loader), name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("jawk internals changed: " + className + " is gone", e);
        }
    }

    private static Object read(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
