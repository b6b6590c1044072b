package dev.awkplayground.clusterlab;

/** Why the lab stopped, in words for the person at the terminal: printed without a stack trace, exit status 1. */
final class LabFailure extends RuntimeException {
    LabFailure(String message) {
        super(message);
    }

    LabFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
