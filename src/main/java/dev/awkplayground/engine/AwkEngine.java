package dev.awkplayground.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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
 * health checks and other requests. A request waits up to the queue wait for a slot, then is refused. The threads
 * are all started with the engine, before any script runs: a script that exhausts the processes or threads the
 * service may have (a fork storm) must not leave the engine unable to start the thread of the next run.
 */
public final class AwkEngine implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(1);
    /** How often a waiting request asks whether its client is still there. */
    private static final long ABANDON_CHECK_MILLIS = 100;

    private final Mode mode;
    private final Limits limits;
    private final Sandbox sandbox;
    private final Interpreter interpreter;
    private final SharedMemory sharedMemory = SharedMemory.ofHeap();
    private final Semaphore slots;
    private volatile Consumer<Duration> slotWaits = wait -> { };
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor watchdog;
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
        this.workers = new ThreadPoolExecutor(limits.concurrentRuns(), limits.concurrentRuns(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("awk-run-", 1).daemon(true).factory());
        workers.prestartAllCoreThreads();
        this.watchdog = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("awk-watchdog").daemon(true).factory());
        watchdog.prestartAllCoreThreads();
        // Processes that commands left behind end with their run, and a run with too many is stopped; this also reaps
        // those that took a moment to die. Often enough to stop a fork storm before it has used up a pod's processes.
        watchdog.scheduleWithFixedDelay(ChildProcesses::sweep, 200, 200, TimeUnit.MILLISECONDS);
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
        return run(request, () -> false);
    }

    /**
     * Runs a script and waits for its result, stopping it with {@link Outcome#CANCELLED} as soon as the client is
     * gone: a client that gave up does not hold a run slot until the deadline.
     *
     * @param request   script, input, variables and field separator
     * @param abandoned asked every {@value #ABANDON_CHECK_MILLIS} ms while the run goes on; true once nobody waits for
     *                  the result
     * @return the result, as {@link #run(RunRequest)}
     */
    public RunResult run(RunRequest request, BooleanSupplier abandoned) {
        requireWithinLimits(request);
        if (heapWatch.underPressure()) {
            throw new OverloadedException("the server's memory is nearly full (" + heapWatch.describe()
                    + "); try again shortly", Duration.ofSeconds(1));
        }
        acquireSlot();
        // Given back exactly once: by the run when it ends, or here when the run never started.
        AtomicBoolean slot = new AtomicBoolean(true);
        Runnable releaseSlot = () -> {
            if (slot.getAndSet(false)) {
                slots.release();
            }
        };
        // Set by whichever comes first: the run thread taking the run, or the request giving up on a run still queued.
        AtomicBoolean taken = new AtomicBoolean();
        RunGuard guard;
        Future<RunResult> run;
        try {
            guard = new RunGuard(limits, sandbox, sharedMemory);
            run = workers.submit(() -> taken.compareAndSet(false, true) ? execute(request, guard, releaseSlot) : null);
        } catch (RejectedExecutionException | Error e) {
            releaseSlot.run();
            throw cannotStart();
        } catch (RuntimeException e) {
            releaseSlot.run();
            throw e;
        }
        try {
            long deadline = System.nanoTime() + limits.time().plus(GRACE).toNanos();
            while (true) {
                try {
                    return run.get(Math.min(ABANDON_CHECK_MILLIS,
                            Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                            TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() - deadline >= 0) {
                        throw e;
                    }
                    if (abandoned.getAsBoolean()) {
                        guard.stop(Outcome.CANCELLED, "the client went away before the run ended");
                    }
                }
            }
        } catch (TimeoutException e) {
            if (taken.compareAndSet(false, true)) {
                // Still queued: no run thread took it (one could not be started), so it never ran.
                releaseSlot.run();
                throw cannotStart();
            }
            return unstoppable(guard);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (taken.compareAndSet(false, true)) {
                releaseSlot.run();
            }
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
     * Whether every run slot has its thread, starting those that are missing: false while the service cannot start
     * them (it has used up the threads or processes it may have), when runs could not be served.
     */
    public boolean runThreadsReady() {
        try {
            workers.prestartAllCoreThreads();
            watchdog.prestartAllCoreThreads();
        } catch (RuntimeException | Error e) {
            return false;
        }
        return workers.getPoolSize() == limits.concurrentRuns() && watchdog.getPoolSize() == 1;
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
        List<String> ending = active.stream().map(RunGuard::id).toList();
        active.forEach(guard -> guard.stop(Outcome.TIMEOUT, "the server is shutting down"));
        workers.shutdownNow();
        watchdog.shutdownNow();
        ChildProcesses.endAll(ending);
    }

    /**
     * @param observer told, on the request's thread, how long each request waited for a run slot (also one that
     *                 got none)
     */
    public void observeSlotWaits(Consumer<Duration> observer) {
        slotWaits = observer;
    }

    /**
     * @return requests waiting for a run slot now
     */
    public int waitingRuns() {
        return slots.getQueueLength();
    }

    /**
     * @return runs that found their script compiled already
     */
    public long scriptCacheHits() {
        return interpreter.cacheHits();
    }

    private void acquireSlot() {
        long start = System.nanoTime();
        try {
            if (!slots.tryAcquire(limits.queueWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new OverloadedException(limits.concurrentRuns(),
                        limits.time().compareTo(Duration.ofSeconds(1)) > 0 ? limits.time() : Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException(limits.concurrentRuns(), Duration.ofSeconds(1));
        } finally {
            slotWaits.accept(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private RunResult execute(RunRequest request, RunGuard guard, Runnable releaseSlot) {
        guard.bindToCurrentThread();
        active.add(guard);
        ChildProcesses.runStarted(guard);
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
            ChildProcesses.runEnded(guard);
            releaseSlot.run();
            endLeftoverProcesses();
        }
    }

    /**
     * Ends what the commands of a finished run left in the background (see {@link ChildProcesses}), on the watchdog:
     * after a fork storm that can take a while, and the answer need not wait for it.
     */
    private void endLeftoverProcesses() {
        try {
            watchdog.execute(ChildProcesses::sweep);
        } catch (RejectedExecutionException e) {
            // the engine is closing, and ends them all itself
        }
    }

    /** What a request is told when its run could not be started: the service is out of threads, for now. */
    private static OverloadedException cannotStart() {
        return new OverloadedException("the server could not start the run (it has no thread free to run it); "
                + "try again shortly", Duration.ofSeconds(1));
    }

    private static RunResult finished(RunGuard guard, int exitCode, Outcome outcome, String error, Integer line) {
        return new RunResult(guard.output(), guard.errorOutput(), exitCode, outcome, error, line,
                guard.elapsed());
    }

    private RunResult unstoppable(RunGuard guard) {
        guard.stop(Outcome.TIMEOUT, "");
        if (guard.stopReason() != Outcome.TIMEOUT) {
            // Stopped for another reason (its processes), and still ending them: the answer says why it was stopped.
            return finished(guard, RunResult.FAILURE_EXIT_CODE, guard.stopReason(), guard.stopDetail(), null);
        }
        return new RunResult(guard.output(), guard.errorOutput(), RunResult.FAILURE_EXIT_CODE, Outcome.TIMEOUT,
                "the script did not stop at the time limit of " + limits.time().toMillis() + " ms: it is inside a "
                        + "single step that cannot be interrupted (such as one regular-expression match); it keeps "
                        + "its run slot until that step ends, and the liveness check fails if it is still running "
                        + limits.stuckAfter().toSeconds() + " s after the deadline",
                null, guard.elapsed());
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
