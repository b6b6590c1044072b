package dev.awkplayground.api;

/**
 * Ends request handling with a problem response; see {@link ErrorHandling}.
 */
final class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final boolean closesConnection;

    ProblemException(Problem problem) {
        this(problem, false);
    }

    /**
     * @param closesConnection whether the connection must be closed after the answer, because what is left of the
     *                         request on it cannot be told from the next request (a body whose framing was broken)
     */
    ProblemException(Problem problem, boolean closesConnection) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.closesConnection = closesConnection;
    }

    Problem problem() {
        return problem;
    }

    boolean closesConnection() {
        return closesConnection;
    }
}
