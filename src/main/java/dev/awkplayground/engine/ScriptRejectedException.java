package dev.awkplayground.engine;

/**
 * A script that was not run: it does not compile, or the mode forbids something it uses.
 */
public class ScriptRejectedException extends RuntimeException {

    /**
     * Why the script was rejected.
     */
    public enum Reason {
        /** The parser or lexer refused it. */
        SYNTAX,
        /** Sandboxed mode forbids a feature it uses (commands, pipes, file input/output). */
        REFUSED
    }

    private final Reason reason;
    private final Integer line;

    ScriptRejectedException(Reason reason, String message, Integer line) {
        super(message);
        this.reason = reason;
        this.line = line;
    }

    /**
     * @return why the script was rejected
     */
    public Reason reason() {
        return reason;
    }

    /**
     * @return the script line at fault, {@code null} when the compiler did not say
     */
    public Integer line() {
        return line;
    }
}
