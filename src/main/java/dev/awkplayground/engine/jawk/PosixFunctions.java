package dev.awkplayground.engine.jawk;

import org.metricshub.jawk.ext.AbstractExtension;
import org.metricshub.jawk.ext.annotations.JawkFunction;
import org.metricshub.jawk.jrt.AwkRuntimeException;

/**
 * Built-in functions of POSIX awk that jawk 5.0.00 lacks, given to it as an extension (the only way jawk's parser
 * accepts a new function name). One instance per interpreter: jawk hands it that interpreter's runtime.
 */
public final class PosixFunctions extends AbstractExtension {

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
}
