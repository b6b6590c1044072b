package dev.awkplayground.api;

/**
 * Ends request handling with a problem response; see {@link ErrorHandling}.
 */
final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
