package dev.awkplayground.engine;

/**
 * The seam between the engine and the AWK implementation. The engine owns admission, threads, deadlines and the run's
 * resources ({@link RunGuard}); an interpreter compiles scripts and runs them on the run's thread, asking the guard
 * before it reaches outside the run or allocates much. {@code engine/jawk} is the one implementation, and the only
 * package that knows jawk; its package documentation lists what it works around.
 */
public interface Interpreter {
    /**
     * @return the implementation and its version, such as {@code jawk 5.0.00}
     */
    String name();

    /**
     * Compiles a script, or finds it compiled; called on the run's thread.
     *
     * @return the compiled script, shared by every run of the same text
     * @throws ScriptRejectedException when it does not compile or the mode refuses what it uses
     */
    Program compile(String script);

    /**
     * Runs a compiled script on the calling thread, bound to its run's guard. A run stopped at a limit is not an
     * error here: the guard knows why it stopped.
     *
     * @return how the script ended when it was not stopped
     * @throws ScriptRejectedException when the mode refuses something the script does at run time
     */
    Ending run(Program program, RunRequest request, RunGuard guard);

    /**
     * @return distinct scripts held compiled
     */
    int cachedScripts();

    /**
     * @return how many runs found their script compiled already
     */
    default long cacheHits() {
        return 0;
    }

    /** A compiled script; only its interpreter knows what is inside. */
    interface Program {
    }

    /**
     * How a script ended: its exit code, or the error that ended it and the script line near it.
     *
     * @param exitCode  the script's {@code exit} code, or {@link RunResult#FAILURE_EXIT_CODE} after an error
     * @param outcome   completed, or how it failed
     * @param error     why the run failed, in the service's words; {@code null} when it completed
     * @param errorLine the line near the error, when known
     */
    record Ending(int exitCode, Outcome outcome, String error, Integer errorLine) {
        public static Ending completed(int exitCode) {
            return new Ending(exitCode, Outcome.COMPLETED, null, null);
        }

        public static Ending failed(String error, Integer line) {
            return new Ending(RunResult.FAILURE_EXIT_CODE, Outcome.ERROR, error, line);
        }

        /** The JVM itself ran out of memory during the run: reported as the memory limit. */
        public static Ending outOfMemory() {
            return new Ending(RunResult.FAILURE_EXIT_CODE, Outcome.MEMORY_LIMIT,
                    "the script needed more memory than the server had free", null);
        }
    }
}
