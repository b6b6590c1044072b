package dev.awkplayground.engine;

/**
 * A request the engine will not run because one of its fields is wrong.
 */
public class InvalidRunRequestException extends IllegalArgumentException {
    private final String field;
    private final boolean tooLarge;

    InvalidRunRequestException(String field, String problem) {
        this(field, problem, false);
    }

    InvalidRunRequestException(String field, String problem, boolean tooLarge) {
        super(field + " " + problem);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    /**
     * @return the request field at fault, for example {@code script}
     */
    public String field() {
        return field;
    }

    /**
     * @return whether the field is over its size limit (rather than malformed)
     */
    public boolean tooLarge() {
        return tooLarge;
    }
}
