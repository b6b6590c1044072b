package dev.awkplayground.engine.jawk;

import org.metricshub.jawk.ext.AbstractExtension;
import org.metricshub.jawk.ext.annotations.JawkFunction;
import org.metricshub.jawk.jrt.AwkRuntimeException;

/**
 * Built-in functions and statements of POSIX awk that jawk 5.0.00 lacks, given to it as an extension (the only way
 * jawk's parser accepts a new name). One instance per interpreter: jawk hands it that interpreter's runtime.
 */
public final class PosixFunctions extends AbstractExtension {
    /** {@code nextfile}: an extension keyword overrides jawk's keywords and names, so the bare word compiles. */
    static final String NEXTFILE = "nextfile";
    /** What SourceRewriter writes for {@code next} inside a function, which jawk's parser refuses. */
    static final String NEXT_IN_FUNCTION = "next__function";

    @Override
    public String getExtensionName() {
        return "POSIX functions jawk lacks";
    }

    /**
     * {@code fflush()}, {@code fflush("")}, {@code fflush(name)}: writes out what is buffered for the output, every
     * file and command, or the one named.
     *
     * @return 0, or -1 when no file or command of that name is open (as gawk)
     */
    @JawkFunction("fflush")
    public int fflush(Object... name) {
        PlaygroundJrt jrt = (PlaygroundJrt) getJrt();
        if (name.length > 1) {
            throw new AwkRuntimeException("fflush() takes at most one argument");
        }
        return jrt.flush(name.length == 0 ? null : toAwkString(name[0]));
    }

    /**
     * {@code nextfile}, and {@code next} inside a function: the tracker runs both itself (they leave the function
     * calls and jump to the main input loop, which an extension cannot do), so jawk never calls these.
     */
    @JawkFunction(NEXTFILE)
    public int nextfile() {
        throw new AwkRuntimeException("nextfile is run by the service, not by jawk");
    }

    /** See {@link #nextfile()}. */
    @JawkFunction(NEXT_IN_FUNCTION)
    public int nextInFunction() {
        throw new AwkRuntimeException("next is run by the service, not by jawk");
    }
}
