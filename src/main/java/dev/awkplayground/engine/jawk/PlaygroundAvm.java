package dev.awkplayground.engine.jawk;

import dev.awkplayground.engine.AwkFormat;
import dev.awkplayground.engine.ScriptError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.metricshub.jawk.ExitException;
import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.ext.ExtensionFunction;
import org.metricshub.jawk.ext.JawkExtension;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.jrt.JRT;
import org.metricshub.jawk.util.AwkSettings;

/**
 * jawk's interpreter, told about the run it belongs to. The same class serves both modes: the run's {@link Sandbox}
 * decides, in the {@link PlaygroundJrt} it creates and in the tuples it compiles {@code exec()} scripts into. It
 * registers with the run's guard while it interprets (so its state counts toward the memory limit), and it checks
 * {@code CONVFMT} before jawk formats a number with it.
 */
final class PlaygroundAvm extends AVM {
    /** Each exec() interprets on the Java stack, inside the one that called it. */
    private static final int MAX_EXEC_DEPTH = 16;
    /**
     * The extension's functions, found once: jawk finds them by reflection over the class on every call, which was a
     * measurable part of a small run. They name their class, not an instance, so every interpreter can share them.
     */
    private static final Map<String, ExtensionFunction> POSIX_FUNCTIONS =
            Map.copyOf(new PosixFunctions().getExtensionFunctions());

    private final InputStream input;
    private Object convfmt;
    private String javaConvfmt;

    PlaygroundAvm(AwkSettings settings) {
        this(settings, new PosixFunctions());
    }

    private PlaygroundAvm(AwkSettings settings, PosixFunctions posix) {
        super(settings, Map.of(PosixFunctions.class.getName(), posix), POSIX_FUNCTIONS);
        this.input = settings.getInput();
    }

    /** The request's input, for {@code getline < "-"} before the main input is read. */
    InputStream input() {
        return input;
    }

    @Override
    protected JRT createJrt() {
        return new PlaygroundJrt(this, JawkRun.current().guard());
    }

    @Override
    protected AwkTuples createTuples() {
        return JawkRun.current().guard().sandbox().sandboxed() ? new GuardedTuples.Sandboxed() : new GuardedTuples();
    }

    @Override
    protected AVM createSubAvm(AwkSettings settings,
                               Map<String, JawkExtension> extensionInstances,
                               Map<String, ExtensionFunction> extensionFunctions) {
        return new PlaygroundAvm(settings);
    }

    @Override
    public void interpret(AwkTuples tuples) throws ExitException, IOException {
        JawkRun run = JawkRun.current();
        if (run.depth() >= MAX_EXEC_DEPTH) {
            throw new ScriptError("exec() is nested more than " + MAX_EXEC_DEPTH + " deep");
        }
        run.enter(this);
        try {
            super.interpret(tuples);
        } finally {
            run.leave(this);
        }
    }

    /**
     * jawk calls this after every run, also one that failed, and it closes the run's files and commands and waits for
     * the commands to exit. A script that runs to its end has done that already (as awk does); after a failure the
     * run's guard closes everything and kills the commands instead of waiting up to the deadline for them.
     */
    @Override
    public void waitForIO() {
        // see above
    }

    /**
     * jawk turns a non-integer number into a string with {@code String.format(CONVFMT, n)} wherever the service does
     * not do it first (it does for concatenation, printf, print and the built-ins it runs itself): Java's grammar is
     * not AWK's, and {@code CONVFMT="%300000000.1f"} would build 300 million characters in one step. So jawk is given
     * a Java format the service made from AWK's ({@link AwkFormat#javaNumberFormat}); the script's own value is
     * {@link #awkConvfmt()}.
     */
    @Override
    public Object getCONVFMT() {
        Object value = super.getCONVFMT();
        if (value != convfmt) {
            javaConvfmt = AwkFormat.javaNumberFormat(value.toString());
            convfmt = value;
        }
        return javaConvfmt;
    }

    /** {@code CONVFMT} as the script set it. */
    Object awkConvfmt() {
        return super.getCONVFMT();
    }
}
