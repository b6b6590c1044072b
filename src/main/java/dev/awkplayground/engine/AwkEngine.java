package dev.awkplayground.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongUnaryOperator;

import dev.awkplayground.config.Limits;
import dev.awkplayground.config.Mode;
import dev.awkplayground.config.PlaygroundConfig;
import dev.awkplayground.engine.jawk.JawkInterpreter;

/**
 * Runs AWK scripts within the configured limits: admits runs to their slots, runs them on its own threads, stops them
 * at their deadline and ends whatever they left behind. The AWK itself is an {@link Interpreter}: jawk.
 * <p>
 * Runs execute on a fixed pool of platform threads, one per run slot, never on the HTTP server's virtual threads:
 * a script that will not stop then holds one slot and one core, but the server's own threads keep answering
 * health checks and other requests. A request waits up to the queue wait for a slot, then is refused.
 */
public final class AwkEngine implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final Mode mode;
    private final Limits limits;
    private final Sandbox sandbox;
    private final Interpreter interpreter;
    private final SharedMemory sharedMemory = SharedMemory.ofHeap();
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private final Set<RunGuard> active = ConcurrentHashMap.newKeySet();
    private final HeapWatch heapWatch;

    /**
     * Creates an engine running jawk, with its worker threads.
     *
     * @param config mode, limits and cache size
     */
    public AwkEngine(PlaygroundConfig config) {
        this(config, new JawkInterpreter(config.mode(), config.cachedScripts()));
    }

    /**
     * Creates an engine with its worker threads.
     *
     * @param config      mode and limits
     * @param interpreter the AWK that compiles and runs scripts
     */
    public AwkEngine(PlaygroundConfig config, Interpreter interpreter) {
        this(config, interpreter, max -> max / 100 * HeapWatch.THRESHOLD_PERCENT);
    }

    /**
     * @param heapThreshold from the old generation's maximum size to the live data above which the largest run is
     *                      stopped and new runs are refused (see {@link HeapWatch})
     */
    AwkEngine(PlaygroundConfig config, Interpreter interpreter, LongUnaryOperator heapThreshold) {
        this.heapWatch = new HeapWatch(heapThreshold, this::stopLargestRun);
        this.mode = config.mode();
        this.limits = config.limits();
        this.sandbox = new Sandbox(mode == Mode.SANDBOXED);
        this.interpreter = interpreter;
        this.slots = new Semaphore(limits.concurrentRuns());
        this.workers = Executors.newFixedThreadPool(limits.concurrentRuns(),
                Thread.ofPlatform().name("awk-run-", 1).daemon(true).factory());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("awk-watchdog").daemon(true).factory());
        // Processes that commands left behind end with their run; this also reaps those that took a moment to die.
        watchdog.scheduleWithFixedDelay(this::endLeftoverProcesses, 1, 1, TimeUnit.SECONDS);
    }

    public Mode mode() {
        return mode;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * @return the AWK that runs the scripts and its version, such as {@code jawk 5.0.00}
     */
    public String interpreterName() {
        return interpreter.name();
    }

    /**
     * Runs a script and waits for its result.
     *
     * @param request script, input, variables and field separator
     * @return the result; errors inside the script and stopped runs are results too
     * @throws InvalidRunRequestException when a field is over its limit
     * @throws ScriptRejectedException    when the script does not compile or the mode refuses it
     * @throws OverloadedException        when no run slot frees up within the queue wait
     */
    public RunResult run(RunRequest request) {
        requireWithinLimits(request);
        if (heapWatch.underPressure()) {
            throw new OverloadedException("the server's memory is nearly full (" + heapWatch.describe()
                    + "); try again shortly", Duration.ofSeconds(1));
        }
        acquireSlot();
        RunGuard guard = new RunGuard(limits, sandbox, sharedMemory);
        Future<RunResult> run;
        try {
            run = workers.submit(() -> execute(request, guard));
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        try {
            return run.get(limits.time().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return unstoppable(guard);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            guard.stop(Outcome.TIMEOUT, "the request was cancelled");
            throw new IllegalStateException("interrupted while waiting for the run", e);
        }
    }

    /**
     * Runs that went on past their deadline by more than the configured {@code stuck-after}: they could not be
     * stopped, and only a restart of the process ends them.
     *
     * @return how many there are
     */
    public int stuckRuns() {
        return (int) active.stream()
                .filter(guard -> guard.overdue().compareTo(limits.stuckAfter()) > 0)
                .count();
    }

    /**
     * @return runs executing now
     */
    public int activeRuns() {
        return active.size();
    }

    /**
     * @return distinct scripts held compiled
     */
    public int cachedScripts() {
        return interpreter.cachedScripts();
    }

    /**
     * A collection left the heap above its threshold (see {@link HeapWatch}): whatever the estimates say, the run that
     * holds most is stopped, before the next allocation could end the JVM.
     */
    private void stopLargestRun() {
        active.stream().max(java.util.Comparator.comparingLong(RunGuard::heldAtLastMeasure)
                        .thenComparingLong(RunGuard::allocatedSinceStart))
                .ifPresent(guard -> guard.stop(Outcome.MEMORY_LIMIT, "the server's memory was nearly full after a "
                        + "collection (" + heapWatch.describe() + "), and this run held the most: it was stopped"));
    }

    @Override
    public void close() {
        heapWatch.close();
        active.forEach(guard -> guard.stop(Outcome.TIMEOUT, "the server is shutting down"));
        workers.shutdownNow();
        watchdog.shutdownNow();
        ChildProcesses.endAll();
    }

    private void acquireSlot() {
        try {
            if (!slots.tryAcquire(limits.queueWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new OverloadedException(limits.concurrentRuns(),
                        limits.time().compareTo(Duration.ofSeconds(1)) > 0 ? limits.time() : Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException(limits.concurrentRuns(), Duration.ofSeconds(1));
        }
    }

    private RunResult execute(RunRequest request, RunGuard guard) {
        guard.bindToCurrentThread();
        active.add(guard);
        ScheduledFuture<?> timer = watchdog.schedule(guard::stopIfOverdue,
                limits.time().toMillis() + 1, TimeUnit.MILLISECONDS);
        try {
            Interpreter.Ending ending;
            try {
                ending = interpreter.run(interpreter.compile(request.script()), request, guard);
            } finally {
                guard.release();
            }
            Outcome stopped = guard.stopReason();
            if (stopped != null) {
                return finished(guard, RunResult.FAILURE_EXIT_CODE, stopped, guard.stopDetail(), null);
            }
            return finished(guard, ending.exitCode(), ending.outcome(), ending.error(), ending.errorLine());
        } finally {
            timer.cancel(false);
            guard.unbindFromCurrentThread();
            active.remove(guard);
            slots.release();
            endLeftoverProcesses();
        }
    }

    /** Ends what the commands of finished runs left in the background (see {@link ChildProcesses}). */
    private void endLeftoverProcesses() {
        Set<String> running = new HashSet<>();
        active.forEach(guard -> running.add(guard.id()));
        ChildProcesses.sweep(running::contains);
    }

    private static RunResult finished(RunGuard guard, int exitCode, Outcome outcome, String error, Integer line) {
        return new RunResult(guard.output(), guard.errorOutput(), exitCode, outcome, error, line,
                guard.elapsedMillis());
    }

    private RunResult unstoppable(RunGuard guard) {
        guard.stop(Outcome.TIMEOUT, "");
        return new RunResult(guard.output(), guard.errorOutput(), RunResult.FAILURE_EXIT_CODE, Outcome.TIMEOUT,
                "the script did not stop at the time limit of " + limits.time().toMillis() + " ms: it is inside a "
                        + "single step that cannot be interrupted (such as one regular-expression match); it keeps "
                        + "its run slot until that step ends, and the liveness check fails if it is still running "
                        + limits.stuckAfter().toSeconds() + " s after the deadline",
                null, guard.elapsedMillis());
    }

    /**
     * The input has its own limit; the script, the field separator and the variables are the program and share the
     * script's. A field separator is a regular expression, which may not be longer than any other.
     */
    private void requireWithinLimits(RunRequest request) {
        requireWithin("input", utf8Length(request.input()), limits.inputBytes(), "");
        long program = utf8Length(request.script());
        requireWithin("script", program, limits.scriptBytes(), "");
        if (request.fieldSeparator() != null) {
            if (request.fieldSeparator().length() > Regexes.MAX_LENGTH) {
                throw InvalidRunRequestException.tooLarge("fieldSeparator", "is " + request.fieldSeparator().length()
                        + " characters, over the limit of " + Regexes.MAX_LENGTH + " for a regular expression");
            }
            program += utf8Length(request.fieldSeparator());
            requireWithin("fieldSeparator", program, limits.scriptBytes(), " with the script");
        }
        for (var variable : request.variables().entrySet()) {
            program += utf8Length(variable.getKey()) + utf8Length(variable.getValue());
        }
        requireWithin("variables", program, limits.scriptBytes(), " with the script and the field separator");
    }

    private static void requireWithin(String field, long bytes, int limit, String together) {
        if (bytes > limit) {
            throw InvalidRunRequestException.tooLarge(field,
                    (together.isEmpty() ? "is " : "makes, together" + together + ", ") + bytes
                            + " bytes, over the limit of " + limit + " bytes");
        }
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
