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
    private final String parserMessage;
    private final Sandbox.Access refused;

    /** A refusal of sandboxed mode, naming what it refused. */
    public ScriptRejectedException(Sandbox.Refusal refusal) {
        super(refusal.getMessage());
        this.reason = Reason.REFUSED;
        this.line = null;
        this.parserMessage = null;
        this.refused = refusal.access();
    }

    public ScriptRejectedException(Reason reason, String message, Integer line) {
        this(reason, message, line, null);
    }

    public ScriptRejectedException(Reason reason, String message, Integer line, String parserMessage) {
        super(message);
        this.reason = reason;
        this.line = line;
        this.parserMessage = parserMessage;
        this.refused = null;
    }

    /**
     * @return what sandboxed mode refused, for a {@link Reason#REFUSED} rejection; {@code null} otherwise
     */
    public Sandbox.Access refused() {
        return refused;
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

    /**
     * @return what jawk's parser said, when the message is a translation of it; {@code null} otherwise
     */
    public String parserMessage() {
        return parserMessage;
    }
}
