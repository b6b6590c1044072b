package dev.awkplayground.engine;

import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.metricshub.jawk.ext.ExtensionFunction;
import org.metricshub.jawk.intermediate.Address;
import org.metricshub.jawk.intermediate.Opcode;
import org.metricshub.jawk.intermediate.PositionTracker;
import org.metricshub.jawk.jrt.AwkRuntimeException;
import org.metricshub.jawk.jrt.JRT;

/**
 * jawk's interpreter asks its position tracker for the opcode of every instruction it executes, and nothing in jawk
 * checks for time, memory or interruption. This tracker is the hook: it delegates every call to jawk's own tracker
 * (whose queue is private, hence delegation rather than inheritance) and, before an instruction runs,
 * <ul>
 *     <li>every {@value #CHECK_EVERY} instructions lets the {@link RunGuard} check the deadline and memory;</li>
 *     <li>checks the operands of the few instructions that can make one huge value at once (string concatenation,
 *     {@code printf}/{@code sprintf} with a huge width) before they allocate it;</li>
 *     <li>raises AWK's "division by zero attempted" error, which jawk does not (it yields infinity);</li>
 *     <li>skips the instruction that copies the server's environment into {@code ENVIRON} in sandboxed mode, and for
 *     scripts that never name {@code ENVIRON} (filling it is costly in jawk).</li>
 * </ul>
 */
final class GuardedPositionTracker extends PositionTracker {
    private static final int CHECK_EVERY = 256;
    // %[flags][width][.precision]conversion, as printf4j accepts them.
    private static final Pattern FORMAT_SPEC = Pattern.compile("%[-+ #0']*(\\*|\\d+)?(?:\\.(\\*|\\d*))?[a-zA-Z%]");

    private final PositionTracker jawk;
    private final RunGuard guard;
    private final Deque<Object> operands;
    private final boolean leaveEnvironEmpty;
    private int countdown = CHECK_EVERY;
    // The last printf format seen, parsed: the sum of its written widths and precisions, and its * count.
    private String lastFormat;
    private long lastFormatWidths;
    private int lastFormatStars;

    GuardedPositionTracker(PositionTracker jawk, RunGuard guard, Deque<Object> operands, boolean leaveEnvironEmpty) {
        super(List.of());
        this.jawk = jawk;
        this.guard = guard;
        this.operands = operands;
        this.leaveEnvironEmpty = leaveEnvironEmpty;
    }

    @Override
    public Opcode opcode() {
        Opcode opcode = jawk.opcode();
        if (--countdown <= 0) {
            countdown = CHECK_EVERY;
            guard.checkpoint();
        }
        switch (opcode) {
            case CONCAT -> guard.checkStringLength(JawkState.stringLength(operand(0))
                    + JawkState.stringLength(operand(1)));
            case SPRINTF -> guard.checkStringLength(formattedLength(intArg(0), 0));
            case PRINTF -> guard.checkOutputLength(formattedLength(intArg(0), 0));
            case PRINTF_TO_FILE, PRINTF_TO_PIPE -> guard.checkOutputLength(formattedLength(intArg(0), 1));
            case DIVIDE, DIV_EQ -> requireNonZeroDivisor(operand(0), "");
            case MOD, MOD_EQ -> requireNonZeroDivisor(operand(0), " in `%'");
            case DIV_EQ_ARRAY, DIV_EQ_INPUT_FIELD -> requireNonZeroDivisor(operand(1), "");
            case MOD_EQ_ARRAY, MOD_EQ_INPUT_FIELD -> requireNonZeroDivisor(operand(1), " in `%'");
            case ENVIRON_OFFSET -> {
                if (leaveEnvironEmpty) {
                    return Opcode.NOP;
                }
            }
            default -> {
                // nothing to check before this instruction
            }
        }
        return opcode;
    }

    /**
     * An upper bound for the length of a {@code printf}: the format, every string argument, and every width and
     * precision written in the format. {@code above} is the number of stack entries above the arguments (the file or
     * command of a redirected printf).
     * <p>
     * Cheap on purpose, since it runs before every printf: the format's widths are parsed once per distinct format
     * (a script's printf almost always has the same one), and arguments are read as numbers only when the format has
     * a {@code *} width, because jawk's number conversion of a word such as {@code alice} throws and catches one
     * exception for each of its characters (it made a printf of words three times slower).
     */
    private long formattedLength(long itemCount, int above) {
        long length = 0;
        Object formatItem = null;
        Iterator<Object> items = operandsFrom(above);
        for (long i = 0; i < itemCount && items.hasNext(); i++) {
            Object item = items.next();
            if (i == itemCount - 1) {
                formatItem = item;
            } else {
                length += JawkState.stringLength(item);
            }
        }
        String format = formatItem == null ? "" : JRT.toAwkString(formatItem, "%.6g", java.util.Locale.US);
        if (!format.equals(lastFormat)) {
            parseFormat(format);
        }
        length += format.length() + lastFormatWidths;
        if (lastFormatStars > 0) {
            length += lastFormatStars * largestNumber(itemCount, above);
        }
        return length;
    }

    /** Remembers a format's fixed widths and precisions, and how many of them are {@code *}. */
    private void parseFormat(String format) {
        long widths = 0;
        int stars = 0;
        Matcher spec = FORMAT_SPEC.matcher(format);
        while (spec.find()) {
            for (String digits : new String[] {spec.group(1), spec.group(2)}) {
                if ("*".equals(digits)) {
                    stars++;
                } else {
                    widths = Math.min(Long.MAX_VALUE / 4, widths + number(digits));
                }
            }
        }
        lastFormat = format;
        lastFormatWidths = widths;
        lastFormatStars = stars;
    }

    /** The largest argument of a printf read as a number, capped; what a {@code *} width may ask for. */
    private long largestNumber(long itemCount, int above) {
        long largest = 0;
        Iterator<Object> items = operandsFrom(above);
        for (long i = 0; i < itemCount - 1 && items.hasNext(); i++) {
            largest = Math.max(largest, (long) Math.min(Math.abs(JRT.toDouble(items.next())), 1e15));
        }
        return largest;
    }

    private static long number(String digits) {
        if (digits == null || digits.isEmpty()) {
            return 0;
        }
        return digits.length() > 15 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
    }

    private void requireNonZeroDivisor(Object divisor, String where) {
        if (divisor != null && JRT.toDouble(divisor) == 0) {
            throw new AwkRuntimeException(jawk.lineNumber(), "division by zero attempted" + where);
        }
    }

    private Object operand(int depth) {
        Iterator<Object> it = operandsFrom(depth);
        return it.hasNext() ? it.next() : null;
    }

    /** The operand stack from {@code depth} entries below its top. */
    private Iterator<Object> operandsFrom(int depth) {
        Iterator<Object> it = operands.iterator();
        for (int i = 0; i < depth && it.hasNext(); i++) {
            it.next();
        }
        return it;
    }

    // Everything below is plain delegation to jawk's tracker.

    @Override
    public boolean isEOF() {
        return jawk.isEOF();
    }

    @Override
    public void next() {
        jawk.next();
    }

    @Override
    public void jump(Address address) {
        jawk.jump(address);
    }

    @Override
    public void jump(int index) {
        jawk.jump(index);
    }

    @Override
    public long intArg(int argIdx) {
        return jawk.intArg(argIdx);
    }

    @Override
    public boolean boolArg(int argIdx) {
        return jawk.boolArg(argIdx);
    }

    @Override
    public Object arg(int argIdx) {
        return jawk.arg(argIdx);
    }

    @Override
    public ExtensionFunction extensionFunctionArg() {
        return jawk.extensionFunctionArg();
    }

    @Override
    public Address addressArg() {
        return jawk.addressArg();
    }

    @Override
    public Class<?> classArg() {
        return jawk.classArg();
    }

    @Override
    public int lineNumber() {
        return jawk.lineNumber();
    }

    @Override
    public int current() {
        return jawk.current();
    }

    @Override
    public String toString() {
        return jawk.toString();
    }
}
