package dev.awkplayground.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.awkplayground.config.Limits;
import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.intermediate.PositionTracker;

/**
 * The limits of one run, enforced from inside jawk: every instruction passes through a {@link GuardedPositionTracker}
 * that calls back here. A guard belongs to the thread running the script ({@link #current()}); only
 * {@link #stop(Outcome, String)} and the output streams are used from other threads.
 */
final class RunGuard {
    private static final ThreadLocal<RunGuard> CURRENT = new ThreadLocal<>();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int STDERR_LIMIT = 64 * 1024;

    private final Limits limits;
    private final boolean leaveEnvironEmpty;
    private final long startNanos;
    private final long deadlineNanos;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream stdoutStream;
    private final PrintStream stderrStream;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final Deque<AVM> interpreters = new ArrayDeque<>();
    private long outputLeft;
    private boolean stderrTruncated;
    private volatile Outcome stopReason;
    private volatile String stopDetail;
    private volatile boolean finished;
    // Used only by the run's own thread:
    private long allocatedAtLastMeasure;
    private long measureEvery;

    RunGuard(Limits limits, boolean leaveEnvironEmpty) {
        this.limits = limits;
        this.leaveEnvironEmpty = leaveEnvironEmpty;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + limits.time().toNanos();
        this.outputLeft = limits.outputBytes();
        this.measureEvery = firstMeasureAfter(limits.memoryBytes());
        this.stdoutStream = new PrintStream(budgeted(stdout), false, StandardCharsets.UTF_8);
        this.stderrStream = new PrintStream(new StderrSink(), true, StandardCharsets.UTF_8);
    }

    /**
     * The guard of the run on this thread.
     *
     * @throws IllegalStateException when no run is in progress here
     */
    static RunGuard current() {
        RunGuard guard = CURRENT.get();
        if (guard == null) {
            throw new IllegalStateException("no AWK run in progress on " + Thread.currentThread().getName());
        }
        return guard;
    }

    void bindToCurrentThread() {
        allocatedAtLastMeasure = THREADS.getCurrentThreadAllocatedBytes();
        CURRENT.set(this);
    }

    void unbindFromCurrentThread() {
        CURRENT.remove();
        finished = true;
    }

    /** Called by the interpreter subclasses as they start and end interpreting (exec() nests them). */
    void enter(AVM avm) {
        interpreters.push(avm);
    }

    void leave(AVM avm) {
        interpreters.remove(avm);
    }

    PositionTracker track(PositionTracker tracker) {
        return new GuardedPositionTracker(tracker, this, JawkState.operandStack(interpreters.element()),
                leaveEnvironEmpty);
    }

    PrintStream stdout() {
        return stdoutStream;
    }

    PrintStream stderr() {
        return stderrStream;
    }

    /**
     * Wraps a stream so that what goes through it counts against the run's output limit.
     */
    OutputStream budgeted(OutputStream target) {
        return new BudgetedStream(target);
    }

    /**
     * Wraps a file the script reads so that reading checks the deadline (commands are read through
     * {@link CommandPipes}).
     */
    InputStream guarded(InputStream source) {
        return new GuardedInput(source);
    }

    /**
     * Called every few hundred instructions: stops the run at its deadline, or when its data outgrow the memory limit.
     */
    void checkpoint() {
        throwIfStopped();
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw stop(Outcome.TIMEOUT, timeoutMessage());
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        if (allocated - allocatedAtLastMeasure >= measureEvery) {
            allocatedAtLastMeasure = allocated;
            long held = 0;
            for (AVM avm : interpreters) {
                held += JawkState.heldBytes(avm);
            }
            if (held > limits.memoryBytes()) {
                throw stop(Outcome.MEMORY_LIMIT, "the script's data grew to about " + mebibytes(held)
                        + ", over the memory limit of " + mebibytes(limits.memoryBytes()));
            }
            // Measuring costs time in proportion to what is held: measure less often as it grows.
            measureEvery = Math.max(firstMeasureAfter(limits.memoryBytes()), held);
        }
    }

    /** A single string about to be built from pieces whose lengths add up to {@code length}. */
    void checkStringLength(long length) {
        if (length > limits.memoryBytes()) {
            throw stop(Outcome.MEMORY_LIMIT, "a string of " + length + " characters would exceed the memory limit of "
                    + mebibytes(limits.memoryBytes()));
        }
    }

    /** Formatted text of up to {@code length} characters about to be written out. */
    void checkOutputLength(long length) {
        if (length > limits.outputBytes()) {
            throw stop(Outcome.OUTPUT_LIMIT, "printf would write up to " + length
                    + " characters, over the output limit of " + limits.outputBytes() + " bytes");
        }
    }

    void throwIfStopped() {
        Outcome reason = stopReason;
        if (reason != null) {
            throw new RunStoppedException(reason, stopDetail);
        }
    }

    /**
     * Stops the run: the first reason given wins, every command it started is killed, and the run's thread throws
     * at its next instruction. Safe to call from any thread.
     *
     * @return an exception for the caller to throw when it is the run's own thread
     */
    RunStoppedException stop(Outcome reason, String detail) {
        synchronized (this) {
            if (stopReason == null) {
                stopDetail = detail;
                stopReason = reason;
            }
        }
        processes.forEach(RunGuard::kill);
        return new RunStoppedException(stopReason, stopDetail);
    }

    /** Stops the run if it is past its deadline; used by the watchdog, which also reaches runs blocked on a command. */
    void stopIfOverdue() {
        if (!finished && System.nanoTime() - deadlineNanos >= 0) {
            stop(Outcome.TIMEOUT, timeoutMessage());
        }
    }

    void register(Process process) {
        processes.add(process);
        if (stopReason != null) {
            kill(process);
            throwIfStopped();
        }
    }

    void forget(Process process) {
        processes.remove(process);
    }

    /** Kills what is left of the run's commands once it has ended. */
    void killRemainingProcesses() {
        processes.forEach(RunGuard::kill);
        processes.clear();
    }

    Outcome stopReason() {
        return stopReason;
    }

    String stopDetail() {
        return stopDetail;
    }

    boolean finished() {
        return finished;
    }

    long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** How long the run has been going past its deadline; negative before it. */
    Duration overdue() {
        return Duration.ofNanos(System.nanoTime() - deadlineNanos);
    }

    String output() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    String errorOutput() {
        synchronized (stderr) {
            String text = stderr.toString(StandardCharsets.UTF_8);
            return stderrTruncated ? text + "\n[standard error truncated at " + STDERR_LIMIT + " bytes]\n" : text;
        }
    }

    private String timeoutMessage() {
        return "the script ran longer than the time limit of " + limits.time().toMillis() + " ms";
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static long firstMeasureAfter(long memoryLimit) {
        return Math.max(memoryLimit / 4, 1 << 20);
    }

    private static String mebibytes(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** Counts bytes against the output limit shared by the response and every file the run writes. */
    private final class BudgetedStream extends OutputStream {
        private final OutputStream target;

        BudgetedStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int allowed;
            synchronized (RunGuard.this) {
                allowed = (int) Math.min(length, outputLeft);
                outputLeft -= allowed;
            }
            synchronized (target) {
                target.write(bytes, offset, allowed);
            }
            if (allowed < length) {
                throw stop(Outcome.OUTPUT_LIMIT,
                        "the script wrote more than the output limit of " + limits.outputBytes() + " bytes");
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }

    /** Keeps the first bytes of standard error; the rest is dropped, since stderr is a diagnostic, not a result. */
    private final class StderrSink extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (stderr) {
                int allowed = Math.max(0, Math.min(length, STDERR_LIMIT - stderr.size()));
                stderr.write(bytes, offset, allowed);
                stderrTruncated |= allowed < length;
            }
        }
    }

    /**
     * Reading a file: stops the run at its deadline even while a single getline goes on reading (a stream without
     * line breaks, such as /dev/zero, never reaches the next instruction).
     */
    private final class GuardedInput extends InputStream {
        private final InputStream source;

        GuardedInput(InputStream source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            throwIfStopped();
            if (System.nanoTime() - deadlineNanos >= 0) {
                throw stop(Outcome.TIMEOUT, timeoutMessage());
            }
            int n = source.read(buffer, offset, length);
            throwIfStopped();
            return n;
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
