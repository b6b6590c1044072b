package dev.awkplayground.engine.jawk;

import dev.awkplayground.engine.Regexes;
import dev.awkplayground.engine.RunGuard;
import dev.awkplayground.engine.AwkFormat;
import dev.awkplayground.engine.FileAccess;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.ext.ExtensionFunction;
import org.metricshub.jawk.intermediate.Address;
import org.metricshub.jawk.intermediate.Opcode;
import org.metricshub.jawk.intermediate.PositionTracker;
import org.metricshub.jawk.intermediate.UninitializedObject;
import org.metricshub.jawk.jrt.AssocArray;
import org.metricshub.jawk.jrt.AwkRuntimeException;
import org.metricshub.jawk.jrt.JRT;

/**
 * jawk's interpreter asks its position tracker for the opcode of every instruction it executes, and nothing in jawk
 * checks for time, memory or interruption. This tracker is the hook: it delegates every call to jawk's own tracker
 * (whose queue is private, hence delegation rather than inheritance) and, before an instruction runs,
 * <ul>
 *     <li>every {@value #CHECK_EVERY} instructions lets the {@link RunGuard} check the deadline and memory;</li>
 *     <li>checks the operands of every instruction that can make one large value in one step (concatenation, array
 *     subscripts, {@code printf}/{@code sprintf} widths, {@code OFMT}, {@code sub}/{@code gsub} results) against
 *     the memory or output limit before it allocates;</li>
 *     <li>runs the instructions that search text itself ({@code /re/}, {@code ~}, {@code match()}, {@code split()},
 *     {@code sub()}, {@code gsub()}, {@code index()}): patterns are length-checked and cached, matching and searching
 *     stop at the deadline, and results are checked against the memory limit; it then hands jawk a {@code NOP};</li>
 *     <li>raises AWK's "division by zero attempted" error, which jawk does not (it yields infinity);</li>
 *     <li>computes compound assignments ({@code x *= 2}) and {@code ++}/{@code --} of variables and elements as the
 *     binary operators' arithmetic, then lets jawk assign the value (jawk's own make a whole result a long, past its
 *     range too);</li>
 *     <li>skips the instruction that copies the server's environment into {@code ENVIRON} in sandboxed mode, and for
 *     scripts that never name {@code ENVIRON} (filling it is costly in jawk).</li>
 * </ul>
 */
final class GuardedPositionTracker extends PositionTracker {
    private static final int CHECK_EVERY = 256;
    /** The instructions subscriptsByConvfmt and wholeNumbers look at, by ordinal: most instructions are not. */
    private static final boolean[] READS_SUBSCRIPT_OR_NUMBER = new boolean[Opcode.values().length];

    static {
        for (Opcode opcode : java.util.EnumSet.of(Opcode.DEREF_ARRAY, Opcode.ASSIGN_ARRAY, Opcode.DELETE_ARRAY_ELEMENT,
                Opcode.INC_ARRAY_REF, Opcode.DEC_ARRAY_REF, Opcode.PLUS_EQ_ARRAY, Opcode.MINUS_EQ_ARRAY,
                Opcode.MULT_EQ_ARRAY, Opcode.DIV_EQ_ARRAY, Opcode.MOD_EQ_ARRAY, Opcode.POW_EQ_ARRAY,
                Opcode.SUB_FOR_ARRAY_REFERENCE, Opcode.IS_IN, Opcode.APPLY_SUBSEP, Opcode.ADD, Opcode.SUBTRACT,
                Opcode.MULTIPLY, Opcode.DIVIDE, Opcode.MOD, Opcode.POW, Opcode.ATAN2, Opcode.NEGATE, Opcode.UNARY_PLUS,
                Opcode.INTFUNC, Opcode.SQRT, Opcode.LOG, Opcode.EXP, Opcode.SIN, Opcode.COS,
                Opcode.POSTINC, Opcode.POSTDEC, Opcode.PLUS_EQ, Opcode.MINUS_EQ, Opcode.MULT_EQ, Opcode.DIV_EQ,
                Opcode.MOD_EQ, Opcode.POW_EQ, Opcode.INC_DOLLAR_REF, Opcode.DEC_DOLLAR_REF, Opcode.PLUS_EQ_INPUT_FIELD,
                Opcode.MINUS_EQ_INPUT_FIELD, Opcode.MULT_EQ_INPUT_FIELD, Opcode.DIV_EQ_INPUT_FIELD,
                Opcode.MOD_EQ_INPUT_FIELD, Opcode.POW_EQ_INPUT_FIELD)) {
            READS_SUBSCRIPT_OR_NUMBER[opcode.ordinal()] = true;
        }
    }
    /** Integers up to 2^53 are exact as doubles: arithmetic within it can be done in longs. */
    private static final long EXACT = 1L << 53;

    private final PositionTracker jawk;
    private final RunGuard guard;
    private final AVM avm;
    private final GuardedTuples tuples;
    private final Deque<Object> operands;
    private final boolean leaveEnvironEmpty;
    private final Strnums strnums;
    /** The instruction before made a string with jawk's code (tolower, toupper): Strnums notes it. */
    private boolean builtByPrevious;
    /**
     * The instruction before was an increment the tracker turned into jawk's ASSIGN or ASSIGN_ARRAY, which leaves the
     * new value: the value it should have left instead ({@link #NOTHING} for none); null when there is nothing to mend.
     */
    private Object leftByAssignment;
    /** Where jawk keeps NF, known once it has started (see {@link #assignment}). */
    private long nfOffset = -1;
    private static final Object NOTHING = new Object();
    private final Map<String, Object> builtinVariables;
    private final GawkRandom random = new GawkRandom();
    private final AwkFormat printfFormat = new AwkFormat();
    private final AwkFormat numberFormat = new AwkFormat();
    private final AwkFormat.Values values = new AwkFormat.Values() {
        @Override
        public double number(Object value) {
            return value == numberRecordText && value != null ? numberRecord.doubleValue()
                    : GuardedPositionTracker.number(value);
        }

        @Override
        public String text(Object value) {
            return GuardedPositionTracker.this.text(value);
        }

        @Override
        public boolean isNumber(Object value) {
            return !(value instanceof UninitializedObject) && strnums.isNumeric(value);
        }
    };
    /** The offset of the hidden array {@code getline $n} is written into (SourceRewriter); -1 if the script has none. */
    private final long getlineFieldOffset;
    /** Where the main input loop reads its next record; -1 until it first does (BEGIN). */
    private int mainInputLoop = -1;
    /** The END rules have started. */
    private boolean inEnd;
    /** getlines into elements waiting for their subscripts, the innermost first (see intoElement). */
    private final Deque<DeferredGetline> deferredGetlines = new java.util.ArrayDeque<>();
    private int countdown = CHECK_EVERY;
    /** After the target of a sub() or gsub() is read: where its repeated subscript ends, and the subscript; else -1. */
    private int skipSubscriptTo = -1;
    private Object subscript;
    /** The text {@code $0 = number} last made, and the number it stands for. */
    private String numberRecordText;
    private Number numberRecord;
    /** Texts of fractional subscripts by CONVFMT, by the number's bits; made at the first, cleared when CONVFMT changes. */
    private long[] subscriptNumbers;
    private String[] subscriptTexts;
    private Object subscriptsConvfmt;
    private boolean started;
    private boolean afterGetline;
    private boolean keepGetlineTarget;
    private Object[] globals;
    private int ofmtOffset;
    /** The variable the last DEREFERENCE of an array read (split's array operand), -1 before any. */
    private long lastArrayOffset = -1;
    private boolean lastArrayGlobal;

    /** A getline whose read waits: its instruction, the file or command it reads, and the operand stack's size. */
    private record DeferredGetline(Opcode opcode, String source, int depth) {
    }

    GuardedPositionTracker(PositionTracker jawk, RunGuard guard, AVM avm, GuardedTuples tuples,
                           boolean leaveEnvironEmpty, Map<String, Object> builtinVariables) {
        super(List.of());
        this.jawk = jawk;
        this.guard = guard;
        this.avm = avm;
        this.tuples = tuples;
        this.operands = JawkState.operandStack(avm);
        this.leaveEnvironEmpty = leaveEnvironEmpty;
        this.strnums = new Strnums(operands, tuples.numericConstants(), this::text);
        this.builtinVariables = builtinVariables;
        Integer offset = tuples.getGlobalVariableOffsetMap().get(SourceRewriter.GETLINE_FIELD);
        this.getlineFieldOffset = offset == null ? -1 : offset;
    }

    /**
     * Once jawk has given its built-in variables their first values (the instructions before the first
     * SET_EXIT_ADDRESS), and before BEGIN: RSTART and RLENGTH are 0 (jawk starts them as ""), and the request's
     * variables named like built-in ones (OFS, SUBSEP, NR, ...) take their values, as {@code awk -v} gives them (jawk
     * assigns -v variables first and then overwrites the built-in ones). ARGV[0] is "awk".
     */
    private void start() {
        nfOffset = JawkState.nfOffset(avm);
        JawkState.setMatchResult(avm, 0, 0);
        if (avm.getARGV() instanceof AssocArray argv) {
            argv.put(0L, "awk"); // jawk names itself "java Awk"
        }
        ((PlaygroundJrt) JawkState.jrt(avm)).noteBuiltWith(strnums::built);
        builtinVariables.forEach(avm::assignVariable);
    }

    @Override
    public Opcode opcode() {
        Opcode opcode = jawk.opcode();
        if (skipSubscriptTo >= 0) {
            // sub() or gsub() on a[i] or $i: i was worked out for reading the target; jawk would work it out again
            jawk.jump(skipSubscriptTo);
            skipSubscriptTo = -1;
            operands.push(subscript);
            subscript = null;
            opcode = jawk.opcode();
        }
        if (builtByPrevious) {
            builtByPrevious = false;
            operands.push(strnums.built(operands.pop()));
        }
        if (leftByAssignment != null) {
            operands.pop();
            if (leftByAssignment != NOTHING) {
                operands.push(leftByAssignment);
            }
            leftByAssignment = null;
        }
        if (--countdown <= 0) {
            countdown = CHECK_EVERY;
            guard.checkpoint();
        }
        if (afterGetline) {
            // The getline just run left its status under the record it read; at the end of its input (0) or on an
            // error (-1) awk leaves the variable, $0 or the field unchanged, where jawk would assign "" to it.
            afterGetline = false;
            keepGetlineTarget = JRT.toDouble(operand(1)) <= 0;
        }
        if (READS_SUBSCRIPT_OR_NUMBER[opcode.ordinal()]) {
            subscriptsByConvfmt(opcode);
            wholeNumbers(opcode);
        }
        switch (opcode) {
            case APPLY_SUBSEP -> reserveSubscript(jawk.intArg(0));
            case DEREF_ARRAY, GET_INPUT_FIELD -> {
                Integer skipTo = tuples.afterRepeatedSubscript(jawk.current());
                if (skipTo != null) {
                    skipSubscriptTo = skipTo;
                    subscript = operand(0);
                }
            }
            // Copies: each is bounded by a value that exists, but a loop of them can allocate fast.
            case TOUPPER, TOLOWER -> {
                String original = text(operands.pop());
                guard.reserve(RunGuard.bytesOf(original), () -> "a copy of a string");
                operands.push(strnums.built(changeCase(original, opcode == Opcode.TOUPPER)));
                return Opcode.NOP;
            }
            case SUBSTR -> {
                substr(jawk.intArg(0));
                return Opcode.NOP;
            }
            case LENGTH -> {
                if (jawk.intArg(0) != 0 && operand(0) instanceof AssocArray array) {
                    operands.pop();
                    operands.push(array.keySet().size());
                    return Opcode.NOP;
                }
                if (jawk.intArg(0) != 0 && operand(0) instanceof Number number) {
                    // the length of the number's text by CONVFMT (jawk measures Java's Double.toString)
                    operands.pop();
                    operands.push(text(number).length());
                    return Opcode.NOP;
                }
            }
            case SET_EXIT_ADDRESS -> {
                if (!started) {
                    started = true;
                    start();
                }
            }
            case GETLINE_INPUT, USE_AS_COMMAND_INPUT -> {
                if (intoElement()) {
                    return Opcode.NOP;
                }
                afterGetline = true;
            }
            case EXIT_WITH_CODE, EXIT_WITHOUT_CODE -> deferredGetlines.clear();
            case CONSUME_INPUT -> mainInputLoop = jawk.current();
            case SET_WITHIN_END_BLOCKS -> inEnd = true;
            case EXTENSION -> {
                String keyword = jawk.extensionFunctionArg().getKeyword();
                if (keyword.equals(PosixFunctions.NEXTFILE) || keyword.equals(PosixFunctions.NEXT_IN_FUNCTION)) {
                    return nextRecord(keyword.equals(PosixFunctions.NEXTFILE));
                }
            }
            case USE_AS_FILE_INPUT -> {
                if (!intoElement()) {
                    read(Opcode.USE_AS_FILE_INPUT, text(operands.pop()));
                    afterGetline = true;
                }
                return Opcode.NOP;
            }
            case ASSIGN, ASSIGN_ARRAY, ASSIGN_AS_INPUT, ASSIGN_AS_INPUT_FIELD -> {
                if (opcode == Opcode.ASSIGN_ARRAY && !deferredGetlines.isEmpty()
                        && operands.size() == deferredGetlines.peek().depth() + 1) {
                    // the element a deferred getline reads into: its subscript is known, so read now
                    Object subscript = operands.pop();
                    DeferredGetline getline = deferredGetlines.pop();
                    int status = read(getline.opcode(), getline.source());
                    operands.push(subscript);
                    if (status <= 0) {
                        operands.pop();
                        return Opcode.NOP;
                    }
                }
                if (keepGetlineTarget) {
                    keepGetlineTarget = false;
                    if (opcode == Opcode.ASSIGN_ARRAY || opcode == Opcode.ASSIGN_AS_INPUT_FIELD) {
                        operands.pop();
                    }
                    return Opcode.NOP;
                }
                if (opcode == Opcode.ASSIGN_ARRAY && jawk.intArg(0) == getlineFieldOffset && jawk.boolArg(1)) {
                    getlineIntoField();
                    return Opcode.NOP;
                }
                if (opcode == Opcode.ASSIGN_AS_INPUT_FIELD && operand(1) instanceof Number
                        && JRT.toDouble(operand(0)) >= 0) {
                    int field = (int) JRT.toDouble(operands.pop());
                    Number value = (Number) operands.peek();
                    assignNumberToField(field, value);
                    return Opcode.NOP;
                }
                if (opcode == Opcode.ASSIGN_AS_INPUT && operand(0) instanceof Number value) {
                    // $0 = 17/3 holds the number's text by CONVFMT (jawk would use Java's Double.toString)
                    operands.pop();
                    operands.push(text(value));
                }
                if (opcode == Opcode.ASSIGN) {
                    return assignment();
                }
            }
            case PLUS_EQ_INPUT_FIELD, MINUS_EQ_INPUT_FIELD, MULT_EQ_INPUT_FIELD, DIV_EQ_INPUT_FIELD,
                 MOD_EQ_INPUT_FIELD, POW_EQ_INPUT_FIELD -> {
                if (JRT.toDouble(operand(0)) >= 0) {
                    int field = (int) JRT.toDouble(operands.pop());
                    Object by = operands.pop();
                    operands.push(JawkState.jrt(avm).jrtGetInputField(field));
                    operands.push(by);
                    arithmetic(switch (opcode) {
                        case PLUS_EQ_INPUT_FIELD -> Opcode.ADD;
                        case MINUS_EQ_INPUT_FIELD -> Opcode.SUBTRACT;
                        case MULT_EQ_INPUT_FIELD -> Opcode.MULTIPLY;
                        case DIV_EQ_INPUT_FIELD -> Opcode.DIVIDE;
                        case MOD_EQ_INPUT_FIELD -> Opcode.MOD;
                        default -> Opcode.POW;
                    });
                    assignNumberToField(field, (Number) operands.peek());
                    return Opcode.NOP;
                }
            }
            case INC_DOLLAR_REF, DEC_DOLLAR_REF -> {
                if (JRT.toDouble(operand(0)) >= 0) {
                    incrementField(opcode == Opcode.INC_DOLLAR_REF);
                    return Opcode.NOP;
                }
            }
            case DEREFERENCE -> {
                if (jawk.boolArg(1)) {
                    lastArrayOffset = jawk.intArg(0);
                    lastArrayGlobal = jawk.boolArg(2);
                }
            }
            case EXEC -> requireScriptSize(operand(0));
            case SPRINTF -> {
                sprintf(jawk.intArg(0));
                return Opcode.NOP;
            }
            case PRINT, PRINTF -> {
                output(opcode == Opcode.PRINTF, jawk.intArg(0), guard.stdout());
                return Opcode.NOP;
            }
            case PRINT_TO_FILE, PRINTF_TO_FILE -> {
                String file = text(operands.pop());
                output(opcode == Opcode.PRINTF_TO_FILE, jawk.intArg(0),
                        JawkState.jrt(avm).jrtGetPrintStream(file, jawk.boolArg(1)));
                return Opcode.NOP;
            }
            case PRINT_TO_PIPE, PRINTF_TO_PIPE -> {
                String command = text(operands.pop());
                output(opcode == Opcode.PRINTF_TO_PIPE, jawk.intArg(0), JawkState.jrt(avm).jrtSpawnForOutput(command));
                return Opcode.NOP;
            }
            case CONCAT -> {
                String right = text(operands.pop());
                String left = text(operands.pop());
                guard.reserve(RunGuard.VALUE_OVERHEAD + (left.length() + (long) right.length())
                        * Math.max(RunGuard.bytesPerChar(left), RunGuard.bytesPerChar(right)), () -> "joining two strings");
                operands.push(strnums.built(left.concat(right)));
                return Opcode.NOP;
            }
            case SUB_FOR_DOLLAR_0, SUB_FOR_DOLLAR_REFERENCE, SUB_FOR_VARIABLE, SUB_FOR_ARRAY_REFERENCE -> {
                substitute(opcode);
                return Opcode.NOP;
            }
            case INDEX -> {
                String needle = text(operands.pop());
                operands.push(guard.regexes().indexOf(text(operands.pop()), needle) + 1);
                return Opcode.NOP;
            }
            case REGEXP -> {
                operands.push(guard.regexes().compile(text(jawk.arg(0)), 0, "a regular expression literal"));
                return Opcode.NOP;
            }
            case MATCHES -> {
                matches();
                return Opcode.NOP;
            }
            case MATCH -> {
                match();
                return Opcode.NOP;
            }
            case SPLIT -> {
                split(jawk.intArg(0));
                return Opcode.NOP;
            }
            case ADD, SUBTRACT, MULTIPLY, DIVIDE, MOD, POW -> {
                arithmetic(opcode);
                return Opcode.NOP;
            }
            // gawk's generator and seeds (jawk's own gives other numbers)
            case RAND -> {
                operands.push(random.rand());
                return Opcode.NOP;
            }
            case SRAND -> {
                operands.push(jawk.intArg(0) == 0 ? random.srand() : random.srand(number(operands.pop())));
                return Opcode.NOP;
            }
            case INTFUNC -> {
                // jawk casts to a long, so int(2^70) was 9223372036854775807
                double value = JRT.toDouble(operands.pop());
                operands.push(awkNumber(value < 0 ? Math.ceil(value) : Math.floor(value)));
                return Opcode.NOP;
            }
            case NEGATE, UNARY_PLUS -> {
                double value = JRT.toDouble(operands.pop());
                operands.push(awkNumber(opcode == Opcode.NEGATE ? -value : value));
                return Opcode.NOP;
            }
            // Assignments that compute: the value as arithmetic gives it, assigned by jawk's ASSIGN and ASSIGN_ARRAY
            // (jawk's own make a whole result a long first, so x *= 2 stopped at 9223372036854775807).
            case PLUS_EQ, MINUS_EQ, MULT_EQ, DIV_EQ, MOD_EQ, POW_EQ -> {
                Object by = operands.pop();
                operands.push(wholeVariable());
                operands.push(by);
                compoundArithmetic(opcode);
                return assignment();
            }
            case PLUS_EQ_ARRAY, MINUS_EQ_ARRAY, MULT_EQ_ARRAY, DIV_EQ_ARRAY, MOD_EQ_ARRAY, POW_EQ_ARRAY -> {
                Object index = operands.pop();
                Object by = operands.pop();
                operands.push(element(index));
                operands.push(by);
                compoundArithmetic(opcode);
                operands.push(index);
                return Opcode.ASSIGN_ARRAY;
            }
            case INC, DEC -> {
                // ++x and --x as a statement or before jawk reads x again: they leave nothing
                step(wholeVariable(), opcode == Opcode.INC);
                leftByAssignment = NOTHING;
                return assignment();
            }
            case POSTINC, POSTDEC -> {
                // x++ and x--: the value read before is replaced by the old value as a number
                Object old = operands.pop();
                step(old, opcode == Opcode.POSTINC);
                leftByAssignment = old instanceof Long ? old : awkNumber(JRT.toDouble(old));
                return assignment();
            }
            case INC_ARRAY_REF, DEC_ARRAY_REF -> {
                Object index = operands.pop();
                step(element(index), opcode == Opcode.INC_ARRAY_REF);
                operands.push(index);
                leftByAssignment = NOTHING;
                return Opcode.ASSIGN_ARRAY;
            }
            case ENVIRON_OFFSET -> {
                if (leaveEnvironEmpty) {
                    return Opcode.NOP;
                }
            }
            // Comparisons and truth values as awk decides them, strnums included (Strnums).
            case CMP_EQ, CMP_LT, CMP_GT -> {
                recordAsNumberAt(0);
                recordAsNumberAt(1);
                strnums.compare(opcode);
                return Opcode.NOP;
            }
            case IFFALSE, IFTRUE, NOT, TO_NUMBER -> strnums.truthOfTop(1);
            case CONDITION_PAIR -> strnums.truthOfTop(2);
            default -> {
                // nothing to check before this instruction
            }
        }
        return opcode;
    }

    /**
     * {@code next} inside a function, which jawk's parser refuses, and {@code nextfile}, which it does not know: leave
     * every function call and read the next record, as jawk's {@code exit} leaves them to jump to END; for
     * {@code nextfile} from the next file. As gawk, an error when a BEGIN or END rule called the function.
     */
    private Opcode nextRecord(boolean nextFile) {
        if (mainInputLoop < 0 || inEnd) {
            throw new AwkRuntimeException(jawk.lineNumber(), "`" + (nextFile ? "nextfile" : "next")
                    + "' cannot be called from " + (inEnd ? "an `END'" : "a `BEGIN'") + " rule");
        }
        if (nextFile) {
            try {
                ((PlaygroundJrt) JawkState.jrt(avm)).skipFile();
            } catch (IOException e) {
                throw new AwkRuntimeException(jawk.lineNumber(), "nextfile: " + FileAccess.reason(e));
            }
        }
        JawkState.popAllFrames(avm);
        operands.clear();
        keepGetlineTarget = false;
        deferredGetlines.clear();
        jawk.jump(mainInputLoop);
        return opcode();
    }

    /**
     * A getline into an element ({@code getline a[i]}, and {@code getline $n} as SourceRewriter writes it): jawk
     * compiles the subscript after the read, so {@code getline a[NR]} would use the new NR; gawk works it out first.
     * The read waits, with the file or command named, until the element is assigned (the operand stack then holds
     * just the subscript above where it was). Any other target follows the getline at once, and reads as jawk would.
     *
     * @return whether the read waits
     */
    private boolean intoElement() {
        Opcode target = JawkState.opcodeAt(tuples, jawk.current() + 1);
        if (target == Opcode.ASSIGN || target == Opcode.ASSIGN_AS_INPUT || target == Opcode.ASSIGN_AS_INPUT_FIELD) {
            return false;
        }
        Opcode opcode = jawk.opcode();
        String source = opcode == Opcode.GETLINE_INPUT ? null : text(operands.pop());
        deferredGetlines.push(new DeferredGetline(opcode, source, operands.size()));
        return true;
    }

    /**
     * Reads a record as a getline instruction does, leaving what it leaves (the record on top, the status below),
     * but with awk's -1 for a file that cannot be opened, where jawk's runtime can only answer read or not.
     */
    private int read(Opcode getline, String source) {
        PlaygroundJrt jrt = (PlaygroundJrt) JawkState.jrt(avm);
        int status;
        try {
            status = switch (getline) {
                case USE_AS_FILE_INPUT -> jrt.getlineFromFile(source);
                case USE_AS_COMMAND_INPUT -> jrt.jrtConsumeCommandInput(source) ? 1 : 0;
                default -> jrt.consumeInput(((PlaygroundAvm) avm).input(), true, java.util.Locale.US) ? 1 : 0;
            };
        } catch (IOException e) {
            guard.throwIfStopped();
            throw new AwkRuntimeException(jawk.lineNumber(), "getline: " + FileAccess.reason(e));
        }
        operands.push(status);
        operands.push(status > 0 ? jrt.getInputLine() : "");
        return status;
    }

    /**
     * {@code getline $n}, as SourceRewriter wrote it ({@code getline getline__field[n]}): the record read goes into
     * field {@code n}, which rebuilds {@code $0} ({@code $0} itself is split again), and stays on the stack as an
     * assignment's value does.
     */
    private void getlineIntoField() {
        double number = JRT.toDouble(operands.pop());
        if (number < 0 || number >= Integer.MAX_VALUE) {
            throw new AwkRuntimeException(jawk.lineNumber(), "attempt to access field " + (long) number);
        }
        setField((int) number, text(operand(0)));
    }

    /** {@code $n = text}: a field rebuilds {@code $0}; {@code $0} is split again. */
    private void setField(int field, String text) {
        JRT jrt = JawkState.jrt(avm);
        if (field == 0) {
            jrt.setInputLine(text);
            jrt.jrtParseFields();
        } else {
            jrt.jrtSetInputField(text, field);
        }
    }

    /**
     * {@code toupper()} and {@code tolower()} character by character, as awk maps them (towupper): Java's
     * {@code String.toUpperCase} turns {@code ß} into {@code SS}, changing the length.
     */
    private static String changeCase(String text, boolean upper) {
        StringBuilder changed = new StringBuilder(text.length());
        text.codePoints().forEach(c -> changed.appendCodePoint(
                upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
        return changed.toString();
    }

    /**
     * {@code substr(s, m [, n])} as gawk computes it: {@code m} and {@code n} truncated toward zero, a start before
     * the first character taken as the first (the length counted from there), and any magnitude allowed (jawk casts
     * them to {@code int}, so that {@code substr(s, -2^62, 2^63)} was empty).
     */
    private void substr(long argumentCount) {
        double length = argumentCount == 3 ? JRT.toDouble(operands.pop()) : Double.POSITIVE_INFINITY;
        double start = JRT.toDouble(operands.pop());
        String text = text(operands.pop());
        double first = Double.isNaN(start) ? 1 : Math.max(1, Math.floor(start));
        double count = Double.isNaN(length) ? 0 : Math.floor(length);
        if (count <= 0 || first > text.length()) {
            operands.push("");
            return;
        }
        int from = (int) first - 1;
        int to = (int) Math.min(text.length(), first - 1 + count);
        // at most two bytes a character; the source is not scanned for their width (a loop of substr(s, i, 1) would
        // scan a long string every time)
        guard.reserve(RunGuard.VALUE_OVERHEAD + 2L * (to - from), () -> "substr()'s result");
        operands.push(strnums.built(text.substring(from, to)));
    }

    /**
     * The binary arithmetic operators, as jawk computes them in doubles, but a result outside the range of a long
     * stays a double: jawk turns every whole result into a long, so that 10^60, or a variable holding 1e60, became
     * 9223372036854775807 at the first operation. A division or modulo by zero is AWK's error (jawk yields infinity).
     */
    private void arithmetic(Opcode opcode) {
        Object rightOperand = operands.pop();
        Object leftOperand = operands.pop();
        Long exact = leftOperand instanceof Long l && rightOperand instanceof Long r ? exactly(opcode, l, r) : null;
        if (exact != null) {
            operands.push(exact);
            return;
        }
        double right = JRT.toDouble(rightOperand);
        double left = JRT.toDouble(leftOperand);
        if (right == 0 && (opcode == Opcode.DIVIDE || opcode == Opcode.MOD)) {
            throw new AwkRuntimeException(jawk.lineNumber(),
                    "division by zero attempted" + (opcode == Opcode.MOD ? " in `%'" : ""));
        }
        operands.push(awkNumber(switch (opcode) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> left / right;
            case MOD -> left % right;
            default -> Math.pow(left, right);
        }));
    }

    /**
     * The fast way for two small integers: their result in longs when it is whole and exact, as the double would be
     * (within 2^53); null when it would not be, for the doubles to compute.
     */
    private static Long exactly(Opcode opcode, long left, long right) {
        if (left < -EXACT || left > EXACT || right < -EXACT || right > EXACT) {
            return null;
        }
        long result = switch (opcode) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            // each factor below 2^26, so the product is below 2^52
            case MULTIPLY -> Math.abs(left) < 1L << 26 && Math.abs(right) < 1L << 26 ? left * right : EXACT + 1;
            case DIVIDE -> right != 0 && left % right == 0 ? left / right : EXACT + 1;
            case MOD -> right != 0 ? left % right : EXACT + 1;
            default -> EXACT + 1;
        };
        return result >= -EXACT && result <= EXACT ? result : null;
    }

    /**
     * {@code $n++}, {@code ++$n}, {@code $n--} and {@code --$n}, the field holding the number. jawk compiles them in
     * three shapes, and its instruction leaves the old value in all of them: {@code $n++} is {@code n, INC_DOLLAR_REF},
     * which should; {@code ++$n} and {@code --$n} are {@code n, DUP, INC_DOLLAR_REF, GET_INPUT_FIELD}, which reads the
     * new value itself (jawk's old value under it was taken for the field's number, so {@code ++$1} of 3 read $3);
     * {@code $n--} is {@code n, GET_INPUT_FIELD, n, DEC_DOLLAR_REF}, whose field read before is the old value, made a
     * number here (jawk's was one more operand than {@code print $3++, $3--} could take).
     */
    private void incrementField(boolean up) {
        int field = (int) JRT.toDouble(operands.pop());
        Object original = JawkState.jrt(avm).jrtGetInputField(field);
        step(original, up);
        assignNumberToField(field, (Number) operands.pop());
        Object old = original instanceof Long ? original : awkNumber(JRT.toDouble(original));
        boolean prefix = JawkState.opcodeAt(tuples, jawk.current() - 1) == Opcode.DUP
                && JawkState.opcodeAt(tuples, jawk.current() + 1) == Opcode.GET_INPUT_FIELD;
        if (!prefix) {
            if (!up) {
                operands.pop();
            }
            operands.push(old);
        }
    }

    /**
     * jawk's ASSIGN of the value on top to the variable the instruction names; but a function's local at NF's offset,
     * which jawk's would take for NF, is assigned here.
     */
    private Opcode assignment() {
        if (jawk.intArg(0) == nfOffset) {
            if (!jawk.boolArg(1)) {
                JawkState.assignLocal(avm, jawk.intArg(0), operands.pop());
                return Opcode.NOP;
            }
            // jawk checks NF only when a record has been read: in BEGIN, NF = -1 went through
            PlaygroundJrt.requireNonNegativeNF(operands.peek());
        }
        return Opcode.ASSIGN;
    }

    /** The variable the instruction names (its offset and whether it is global), as jawk would read it. */
    private Object variable() {
        return JawkState.variable(avm, jawk.intArg(0), jawk.boolArg(1));
    }

    /** The variable the instruction names, a long numeric string as the number awk reads it as. */
    private Object wholeVariable() {
        return whole(variable());
    }

    /** The element of the array the instruction names, read as wholeVariable; null when the variable is no array yet. */
    private Object element(Object index) {
        return variable() instanceof AssocArray array ? whole(array.get(index)) : null;
    }

    /** A value, or the number numberFor says awk reads it as. */
    private Object whole(Object value) {
        Object number = numberFor(value);
        return number != null ? number : value;
    }

    /** {@code value + 1} or {@code value - 1} on the operand stack, by {@link #arithmetic}. */
    private void step(Object value, boolean up) {
        operands.push(value);
        operands.push(1L);
        arithmetic(up ? Opcode.ADD : Opcode.SUBTRACT);
    }

    /** The arithmetic of a compound assignment to a variable or an element; a zero divisor is named as gawk names it. */
    private void compoundArithmetic(Opcode assignment) {
        Opcode operation = switch (assignment) {
            case PLUS_EQ, PLUS_EQ_ARRAY -> Opcode.ADD;
            case MINUS_EQ, MINUS_EQ_ARRAY -> Opcode.SUBTRACT;
            case MULT_EQ, MULT_EQ_ARRAY -> Opcode.MULTIPLY;
            case DIV_EQ, DIV_EQ_ARRAY -> Opcode.DIVIDE;
            case MOD_EQ, MOD_EQ_ARRAY -> Opcode.MOD;
            default -> Opcode.POW;
        };
        if (operation == Opcode.DIVIDE || operation == Opcode.MOD) {
            requireNonZeroDivisor(operand(0), operation == Opcode.DIVIDE ? " in `/='" : " in `%='");
        }
        arithmetic(operation);
    }

    /**
     * {@code $n = number} (and {@code $n += x}, {@code $n++}): the field holds the number, as in awk, so that it prints
     * by OFMT and compares as a number, and its text in {@code $0} is the number by CONVFMT. jawk keeps every field as
     * text, made with Java's {@code Double.toString} (30.289017341040463 where awk prints 30.289).
     */
    private void assignNumberToField(int field, Number value) {
        if (field == 0) {
            // $0 holds the number's text, which stands for the number where a number is read (numberFor)
            numberRecordText = text(value);
            numberRecord = value;
            setField(0, numberRecordText);
        } else {
            ((PlaygroundJrt) JawkState.jrt(avm)).setNumberField(field, value, this::text);
        }
    }

    /** A result as jawk keeps it: a long when it is whole and fits one, else a double. */
    private static Object awkNumber(double value) {
        return JRT.isActuallyLong(value) && value >= Long.MIN_VALUE && value < 0x1p63
                ? (Object) (long) Math.rint(value) : (Object) value;
    }

    /** {@code exec()} compiles its argument: it is held to the script-size limit, as any script. */
    private void requireScriptSize(Object script) {
        long length = JawkState.stringLength(script);
        if (length > guard.limits().scriptBytes()) {
            throw new AwkRuntimeException(jawk.lineNumber(), "exec()'s script is " + length
                    + " characters, over the script-size limit of " + guard.limits().scriptBytes() + " bytes");
        }
    }

    /** The global variables, and where OFMT is among them, looked up once the script has started. */
    private Object[] globals() {
        if (globals == null) {
            globals = JawkState.globals(avm);
            ofmtOffset = JawkState.ofmtOffset(avm);
        }
        return globals;
    }

    /** {@code OFMT}'s value; where jawk keeps it is looked up once. */
    private String ofmt() {
        globals();
        Object ofmt = globals == null || ofmtOffset < 0 ? null : globals[ofmtOffset];
        return ofmt == null ? "%.6g" : text(ofmt);
    }

    /**
     * An array subscript that is a number is its text as awk makes it: an integer as an integer, any other number by
     * CONVFMT ({@code a[0.1 + 0.2]} is {@code a["0.3"]}). jawk keeps a fraction as a Java double, a key of its own that
     * no string or other computation of the same number finds, and joins {@code a[i, j]} with Java's text of it.
     */
    private void subscriptsByConvfmt(Opcode opcode) {
        switch (opcode) {
            case DEREF_ARRAY, ASSIGN_ARRAY, DELETE_ARRAY_ELEMENT, INC_ARRAY_REF, DEC_ARRAY_REF, PLUS_EQ_ARRAY,
                 MINUS_EQ_ARRAY, MULT_EQ_ARRAY, DIV_EQ_ARRAY, MOD_EQ_ARRAY, POW_EQ_ARRAY, SUB_FOR_ARRAY_REFERENCE -> {
                if (operands.peek() instanceof Double number) {
                    operands.pop();
                    operands.push(subscript(number));
                }
            }
            case IS_IN -> {
                Object array = operands.pop();
                if (operands.peek() instanceof Double number) {
                    operands.pop();
                    operands.push(subscript(number));
                }
                operands.push(array);
            }
            case APPLY_SUBSEP -> {
                Object[] items = pop(jawk.intArg(0));
                for (Object item : items) {
                    operands.push(item instanceof Double number ? subscript(number) : item);
                }
            }
            default -> {
                // no subscript
            }
        }
    }

    private Object subscript(double number) {
        if (number == Math.rint(number) && number >= Long.MIN_VALUE && number < 0x1p63) {
            return (long) number;
        }
        // the texts of the last fractions, for loops over a few of them (a[x + 0.5]); CONVFMT's value is a string,
        // so the same object is the same format
        Object convfmt = avm instanceof PlaygroundAvm playground ? playground.awkConvfmt() : avm.getCONVFMT();
        if (convfmt != subscriptsConvfmt || subscriptTexts == null) {
            subscriptNumbers = new long[256];
            subscriptTexts = new String[256];
            subscriptsConvfmt = convfmt;
        }
        long bits = Double.doubleToRawLongBits(number);
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 56);
        if (subscriptTexts[slot] == null || subscriptNumbers[slot] != bits) {
            subscriptNumbers[slot] = bits;
            subscriptTexts[slot] = text(number);
        }
        return subscriptTexts[slot];
    }

    /**
     * jawk reads a string as a number from its first 26 characters only ({@code JRT.toDouble}), so a field of 31
     * digits was read as a number of 26. Before each instruction that jawk runs and that reads a value as a number,
     * a string longer than that is read here as awk reads it, whole: an operand on the stack, or the variable, element
     * or field that {@code ++}, {@code --} or {@code op=} are about to change (they assign it a number anyway).
     */
    private void wholeNumbers(Opcode opcode) {
        switch (opcode) {
            case ADD, SUBTRACT, MULTIPLY, DIVIDE, MOD, POW, ATAN2 -> {
                wholeNumberAt(0);
                wholeNumberAt(1);
            }
            case NEGATE, UNARY_PLUS, INTFUNC, SQRT, LOG, EXP, SIN, COS -> wholeNumberAt(0);
            // what op= adds, or the value x++ read before; the variable itself is read whole by wholeVariable()
            case POSTINC, POSTDEC, PLUS_EQ, MINUS_EQ, MULT_EQ, DIV_EQ, MOD_EQ, POW_EQ -> wholeNumberAt(0);
            case PLUS_EQ_ARRAY, MINUS_EQ_ARRAY, MULT_EQ_ARRAY, DIV_EQ_ARRAY, MOD_EQ_ARRAY, POW_EQ_ARRAY ->
                    wholeNumberAt(1); // the element itself is read whole by element()
            case INC_DOLLAR_REF, DEC_DOLLAR_REF, PLUS_EQ_INPUT_FIELD, MINUS_EQ_INPUT_FIELD, MULT_EQ_INPUT_FIELD,
                 DIV_EQ_INPUT_FIELD, MOD_EQ_INPUT_FIELD, POW_EQ_INPUT_FIELD -> {
                if (opcode != Opcode.INC_DOLLAR_REF && opcode != Opcode.DEC_DOLLAR_REF) {
                    wholeNumberAt(1);
                }
                // a field from 1 on holds the number once assigned it; $0 holds only text (its ++ reads the text)
                double field = JRT.toDouble(operands.peek());
                PlaygroundJrt jrt = (PlaygroundJrt) JawkState.jrt(avm);
                if (field >= 1 && field < Integer.MAX_VALUE && numberFor(jrt.jrtGetInputField((int) field)) != null) {
                    assignNumberToField((int) field, (Number) numberFor(jrt.jrtGetInputField((int) field)));
                }
            }
            default -> {
                // no number read, or read by the service
            }
        }
    }

    /**
     * The number jawk would misread a value as: a string longer than the 26 characters it reads, or the text of
     * {@code $0 = number}, which stands for the number itself (as in gawk, {@code $0 = 1/3} prints as its text and
     * compares and computes as the number); null for any other value.
     */
    private Object numberFor(Object value) {
        if (value == numberRecordText && value != null) {
            return numberRecord;
        }
        return value instanceof String s && s.length() > 26 ? (Object) AwkFormat.leadingNumber(s) : null;
    }

    private void wholeNumberAt(int depth) {
        Object number = numberFor(depth == 0 ? operands.peek() : operand(depth));
        if (number != null) {
            replaceOperand(depth, number);
        }
    }

    /** A comparison of {@code $0 = number}'s text compares the number (with a string, its text by CONVFMT). */
    private void recordAsNumberAt(int depth) {
        if (numberRecordText != null && (depth == 0 ? operands.peek() : operand(depth)) == numberRecordText) {
            replaceOperand(depth, numberRecord);
        }
    }

    /** Replaces the operand at depth 0 (the top) or 1. */
    private void replaceOperand(int depth, Object value) {
        Object top = depth == 0 ? null : operands.pop();
        operands.pop();
        operands.push(value);
        if (top != null) {
            operands.push(top);
        }
    }

    /** {@code a[i, j]} joins its subscripts with SUBSEP in one step. */
    private void reserveSubscript(long count) {
        long separator = text(avm.getSUBSEP()).length();
        long length = 0;
        Iterator<Object> items = operands.iterator();
        for (long i = 0; i < count && items.hasNext(); i++) {
            length += JawkState.stringLength(items.next()) + separator;
        }
        long total = length;
        guard.reserve(total, () -> "an array subscript");
    }

    /**
     * {@code sub()} and {@code gsub()}, run here as jawk would run them, over text that checks the deadline, after
     * checking that the result fits: it can be far longer than the original (every match replaced by a long
     * replacement, or by {@code &} copies of the match). When a cheap upper bound does not fit, the matches are counted
     * first. The four forms differ in what they replace in: {@code $0}, a field, a variable or an array element.
     */
    private void substitute(Opcode opcode) {
        JRT jrt = JawkState.jrt(avm);
        boolean global = opcode == Opcode.SUB_FOR_DOLLAR_0 || opcode == Opcode.SUB_FOR_DOLLAR_REFERENCE
                ? jawk.boolArg(0) : jawk.boolArg(2);
        Object index = opcode == Opcode.SUB_FOR_ARRAY_REFERENCE ? operands.pop() : null;
        int field = opcode == Opcode.SUB_FOR_DOLLAR_REFERENCE ? (int) JRT.toDouble(operands.pop()) : 0;
        String original = opcode == Opcode.SUB_FOR_DOLLAR_0 ? text(jrt.jrtGetInputField(0)) : text(operands.pop());
        String replacement = text(operands.pop());
        Pattern pattern = pattern(operands.pop(), 0, (global ? "gsub()" : "sub()") + "'s regular expression");
        reserveSubstitution(original, pattern, replacement, global);
        Regexes.Substitution result = guard.regexes().substitute(original, pattern, replacement, global);
        operands.push(result.count());
        if (result.count() == 0) {
            // Nothing replaced, nothing assigned, as gawk: $0 keeps its text and fields (not rebuilt with OFS, not
            // split again by a new FS), a variable or field that looks numeric keeps doing so.
            return;
        }
        switch (opcode) {
            case SUB_FOR_DOLLAR_0 -> {
                jrt.setInputLine(result.text());
                jrt.jrtParseFields();
            }
            case SUB_FOR_DOLLAR_REFERENCE -> {
                if (field == 0) {
                    jrt.setInputLine(result.text());
                    jrt.jrtParseFields();
                } else {
                    jrt.jrtSetInputField(result.text(), field);
                }
            }
            case SUB_FOR_VARIABLE -> {
                if (!jawk.boolArg(1) && jawk.intArg(0) == nfOffset) {
                    JawkState.assignLocal(avm, jawk.intArg(0), result.text()); // jawk's assign would set NF
                } else {
                    JawkState.assign(avm, jawk.intArg(0), result.text(), jawk.boolArg(1), jawk);
                }
                operands.pop();
            }
            default -> {
                JawkState.assignArray(avm, jawk.intArg(0), index, result.text(), jawk.boolArg(1));
                operands.pop();
            }
        }
    }

    private void reserveSubstitution(String text, Pattern pattern, String with, boolean global) {
        long copies = with.chars().filter(c -> c == '&').count();
        long perMatch = with.length() + copies * text.length();
        long bound = text.length() + (global ? text.length() + 1L : 1L) * perMatch;
        if (bound > guard.largestValue() / 4) {
            bound = text.length();
            Matcher matches = guard.regexes().matcher(pattern, text);
            while (matches.find() && bound <= guard.largestValue()) {
                long matched = matches.end() - matches.start();
                bound += with.length() - matched + copies * matched;
                if (!global) {
                    break;
                }
            }
        }
        long length = bound;
        guard.reserve(length, () -> (global ? "gsub()" : "sub()") + "'s result");
    }

    /** {@code string ~ regex}: the regex is a pattern from {@code /re/} or any value used as one. */
    private void matches() {
        Pattern pattern = pattern(operands.pop(), 0, "the regular expression of ~");
        String text = text(operands.pop());
        operands.push(guard.regexes().matcher(pattern, text).find() ? 1 : 0);
    }

    /**
     * The pattern a regular-expression operand stands for: a literal {@code /re/} arrives compiled (by the REGEXP
     * instruction, already in Java's syntax), any other value is a string to read as AWK's.
     */
    private Pattern pattern(Object regex, int flags, String what) {
        if (regex instanceof Pattern compiled) {
            return (compiled.flags() & flags) == flags ? compiled
                    : Pattern.compile(compiled.pattern(), compiled.flags() | flags);
        }
        return guard.regexes().compile(text(regex), flags, what);
    }

    /** {@code match(string, regex)}: sets RSTART and RLENGTH, and leaves RSTART as its value. */
    private void match() {
        Object regex = operands.pop();
        String text = text(operands.pop());
        Integer ignoreCase = tuples.getGlobalVariableOffsetMap().get("IGNORECASE");
        int flags = ignoreCase != null && JRT.toDouble(JawkState.global(avm, ignoreCase)) != 0
                ? Pattern.CASE_INSENSITIVE : 0;
        Matcher match = guard.regexes().matcher(pattern(regex, flags, "match()'s regular expression"), text);
        int start = 0;
        int length = -1;
        if (match.find()) {
            start = match.start() + 1;
            length = match.end() - match.start();
        }
        JawkState.setMatchResult(avm, start, length);
        operands.push(start);
    }

    /** {@code split(string, array [, separator])}: the array's elements are checked against the memory limit. */
    private void split(long argumentCount) {
        Object separator = argumentCount == 3 ? operands.pop() : avm.getFS();
        Object array = operands.pop();
        if (array instanceof UninitializedObject && lastArrayOffset >= 0) {
            // A parameter used as an array only by split(), given an untyped variable: jawk leaves it untyped;
            // gawk makes it an array. (The caller's variable stays untyped here.)
            AssocArray created = new AssocArray(false);
            JawkState.assign(avm, lastArrayOffset, created, lastArrayGlobal, jawk);
            operands.pop();
            array = created;
        }
        if (!(array instanceof AssocArray elements)) {
            throw new AwkRuntimeException(jawk.lineNumber(), "split: second argument is not an array ("
                    + (lastArrayGlobal ? "`" + globalName(lastArrayOffset) + "`" : "a function's parameter")
                    + " holds a scalar)");
        }
        String text = text(operands.pop());
        // A regular-expression literal is one however short (split(s, a, /./)); a string is read as FS is, but
        // without paragraph mode's newline, which separates the fields of records only (gawk).
        List<String> parts = separator instanceof Pattern regex ? guard.regexes().split(text, regex, "split()")
                : guard.regexes().split(text, text(separator), false, "split()");
        elements.clear();
        for (int i = 0; i < parts.size(); i++) {
            elements.put(i + 1L, parts.get(i));
        }
        operands.push(parts.size());
    }

    /** The name of the global variable at this offset. */
    private String globalName(long offset) {
        return tuples.getGlobalVariableOffsetMap().entrySet().stream().filter(e -> e.getValue() == offset)
                .map(Map.Entry::getKey).findFirst().orElse("the variable");
    }

    /** {@code sprintf(format, ...)}, formatted by the service: its length is checked before it is built. */
    private void sprintf(long count) {
        Object[] items = pop(count);
        String result = formatted(items, length -> {
            if (length > guard.largestValue()) {
                guard.reserve(length, () -> "sprintf()'s result");
            }
        });
        guard.reserve(result.length(), () -> "sprintf()'s result");
        operands.push(strnums.built(result));
    }

    /**
     * {@code print} and {@code printf}, to the run's output, a file or a command. Numbers print through
     * {@code OFMT} and strings as they are (jawk would print {@code "0.10"} as {@code 0.1}); printf's text is
     * formatted by the service, its length checked against the output limit before it is built.
     */
    private void output(boolean printf, long count, PrintStream out) {
        if (printf) {
            out.print(formatted(pop(count), length -> guard.checkOutputLength(length, () -> "printf")));
            return;
        }
        String ors = text(avm.getORS());
        if (count == 0) {
            out.print(text(JawkState.jrt(avm).jrtGetInputField(0)));
        } else {
            Object[] items = pop(count);
            String ofs = text(avm.getOFS());
            for (int i = 0; i < items.length; i++) {
                if (i > 0) {
                    out.print(ofs);
                }
                out.print(items[i] instanceof Number n ? numberText(n, ofmt(), length -> guard.checkOutputLength(
                        length, () -> "print with OFMT = \"" + AwkFormat.abbreviate(ofmt()) + "\"")) : text(items[i]));
            }
        }
        out.print(ors);
        out.flush();
    }

    private String formatted(Object[] items, AwkFormat.Budget budget) {
        Object[] arguments = new Object[items.length - 1];
        System.arraycopy(items, 1, arguments, 0, arguments.length);
        try {
            return printfFormat.format(text(items[0]), arguments, values, budget);
        } catch (AwkFormat.FormatError e) {
            throw new AwkRuntimeException(jawk.lineNumber(), e.getMessage());
        }
    }

    /** The top {@code count} operands, the deepest first, as the instruction that pushed them listed them. */
    private Object[] pop(long count) {
        Object[] items = new Object[(int) count];
        for (int i = items.length - 1; i >= 0; i--) {
            items[i] = operands.pop();
        }
        return items;
    }

    /** A number as a string: an integer as an integer, any other through {@code format} (CONVFMT or OFMT). */
    private String numberText(Number value, String format, AwkFormat.Budget budget) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        try {
            return numberFormat.number(value.doubleValue(), format, values, budget);
        } catch (AwkFormat.FormatError e) {
            throw new AwkRuntimeException(jawk.lineNumber(), e.getMessage() + " (in the number format \""
                    + format + "\")");
        }
    }


    static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value == null ? 0 : AwkFormat.leadingNumber(value.toString());
    }

    private void requireNonZeroDivisor(Object divisor, String where) {
        if (divisor != null && JRT.toDouble(divisor) == 0) {
            throw new AwkRuntimeException(jawk.lineNumber(), "division by zero attempted" + where);
        }
    }

    /** A value as a string, numbers through {@code CONVFMT}, as AWK converts them. */
    String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            Object convfmt = avm instanceof PlaygroundAvm playground ? playground.awkConvfmt() : avm.getCONVFMT();
            return numberText(n, convfmt.toString(), length -> {
                if (length > guard.largestValue()) {
                    guard.reserve(length, () -> "CONVFMT = \"" + AwkFormat.abbreviate(convfmt.toString())
                            + "\" would turn a number into a string that");
                }
            });
        }
        return value == null ? "" : value.toString();
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
