package dev.awkplayground.engine;

/**
 * An AWK runtime error raised by the service rather than by the interpreter (a file that cannot be opened, too many
 * open files, a regular expression over the limit): the run ends with outcome {@code error} and this message.
 */
public class ScriptError extends RuntimeException {
    public ScriptError(String message) {
        super(message);
    }
}
