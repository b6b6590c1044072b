package dev.awkplayground.engine;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.jrt.AssocArray;
import org.metricshub.jawk.jrt.JRT;

/**
 * Reads the private interpreter state of jawk 5.0.00: the operand stack (so an instruction's operands can be checked
 * before it runs) and the variables, call frames and current record (so a run's memory can be estimated).
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

    // Rough object sizes on a 64-bit JVM with compressed references; the estimate only has to be the right order.
    private static final long STRING_OVERHEAD = 40;
    private static final long BOXED_NUMBER = 16;
    private static final long MAP_ENTRY = 48;
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

    private static long sizeOf(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return STRING_OVERHEAD + s.length();
        }
        if (value instanceof AssocArray array) {
            long bytes = ARRAY_OVERHEAD * 4;
            for (Map.Entry<Object, Object> entry : array.entrySet()) {
                bytes += MAP_ENTRY + sizeOf(entry.getKey()) + sizeOf(entry.getValue());
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

    private static Object read(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
