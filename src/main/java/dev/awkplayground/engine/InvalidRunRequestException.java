package dev.awkplayground.engine;

/**
 * A request the engine will not run because one of its fields is wrong.
 */
public class InvalidRunRequestException extends IllegalArgumentException {
    /** What is wrong with the field. */
    public enum Kind {
        /** Missing, or not what the field takes. */
        MALFORMED,
        /** Over its size limit. */
        TOO_LARGE
    }

    private final String field;
    private final Kind kind;

    private InvalidRunRequestException(String field, String problem, Kind kind) {
        super(field + " " + problem);
        this.field = field;
        this.kind = kind;
    }

    /** A field that is missing or not what it should be. */
    static InvalidRunRequestException malformed(String field, String problem) {
        return new InvalidRunRequestException(field, problem, Kind.MALFORMED);
    }

    /** A field over its size limit. */
    static InvalidRunRequestException tooLarge(String field, String problem) {
        return new InvalidRunRequestException(field, problem, Kind.TOO_LARGE);
    }

    /**
     * @return the request field at fault, for example {@code script}
     */
    public String field() {
        return field;
    }

    /**
     * @return what is wrong with it
     */
    public Kind kind() {
        return kind;
    }
}
