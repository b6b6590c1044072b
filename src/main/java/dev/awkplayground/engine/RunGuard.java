package dev.awkplayground.engine;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.awkplayground.config.Limits;
import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.intermediate.PositionTracker;
import org.metricshub.jawk.jrt.AwkRuntimeException;

/**
 * The limits of one run, enforced from inside jawk, and everything the run owns. Every instruction passes through a
 * {@link GuardedPositionTracker} that calls back here; every file, pipe and command the run opens is registered here
 * and ends with the run, whatever way it ends.
 * <p>
 * A guard belongs to the thread running the script ({@link #current()}); only {@link #stop(Outcome, String)},
 * {@link #stopIfOverdue()} and the output streams are used from other threads.
 */
final class RunGuard {
    /** Files and commands a run may have open at once, as other AWKs cap them. */
    static final int MAX_OPEN_STREAMS = 32;
    /** Bytes a stored value costs beyond its characters: object headers and the reference to it. */
    static final long VALUE_OVERHEAD = 48;

    private static final ThreadLocal<RunGuard> CURRENT = new ThreadLocal<>();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final AtomicLong IDS = new AtomicLong();
    private static final int STDERR_LIMIT = 64 * 1024;

    private final String id = "run-" + IDS.incrementAndGet();
    private final Limits limits;
    private final Sandbox sandbox;
    private final boolean leaveEnvironEmpty;
    private final long startNanos;
    private final long deadlineNanos;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream stdoutStream;
    private final PrintStream stderrStream;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final List<Closeable> resources = new ArrayList<>();
    private final Deque<AVM> interpreters = new ArrayDeque<>();
    private long outputLeft;
    private boolean stderrTruncated;
    private volatile Outcome stopReason;
    private volatile String stopDetail;
    private volatile boolean finished;
    private Thread runThread;
    // Used only by the run's own thread:
    private final Regexes regexes = new Regexes(this);
    private int openStreams;
    private long allocatedAtLastMeasure;
    private long reservedSinceLastMeasure;
    private long measureEvery;
    private long heldAtLastMeasure;

    RunGuard(Limits limits, Sandbox sandbox, boolean leaveEnvironEmpty) {
        this.limits = limits;
        this.sandbox = sandbox;
        this.leaveEnvironEmpty = leaveEnvironEmpty || !sandbox.showsEnvironment();
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

    /** The run's name, given to the commands it starts so that the processes they leave behind can be found. */
    String id() {
        return id;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    Limits limits() {
        return limits;
    }

    Regexes regexes() {
        return regexes;
    }

    void bindToCurrentThread() {
        allocatedAtLastMeasure = THREADS.getCurrentThreadAllocatedBytes();
        CURRENT.set(this);
        synchronized (this) {
            runThread = Thread.currentThread();
        }
    }

    void unbindFromCurrentThread() {
        CURRENT.remove();
        synchronized (this) {
            runThread = null;
            finished = true;
            // An interrupt sent to stop this run must not reach the next run on this pooled thread.
            Thread.interrupted();
        }
    }

    /** Called by the interpreter subclasses as they start and end interpreting (exec() nests them). */
    void enter(AVM avm) {
        interpreters.push(avm);
    }

    void leave(AVM avm) {
        interpreters.remove(avm);
    }

    PositionTracker track(PositionTracker tracker, GuardedTuples tuples) {
        AVM avm = interpreters.element();
        return new GuardedPositionTracker(tracker, this, avm, tuples, leaveEnvironEmpty);
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
     * Wraps a stream the script reads so that reading stops at the deadline, even inside one long read.
     */
    InputStream guarded(InputStream source) {
        return new GuardedInput(source);
    }

    /**
     * Called every few hundred instructions: stops the run at its deadline, or when its data outgrow the memory limit.
     */
    void checkpoint() {
        checkTime();
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        if (allocated - allocatedAtLastMeasure >= measureEvery) {
            measure(allocated);
        }
    }

    /** Stops the run if it was stopped from outside or is past its deadline. */
    void checkTime() {
        throwIfStopped();
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw stop(Outcome.TIMEOUT, timeoutMessage());
        }
    }

    /**
     * Checks, before one step of the script allocates it, that a new value of about {@code bytes} fits: no single
     * value may exceed {@link #largestValue()}, and the run's data with it may not exceed the memory limit.
     *
     * @param what what is about to be built, for the message
     */
    void reserve(long bytes, Supplier<String> what) {
        reserve(bytes, true, what);
    }

    /**
     * Like {@link #reserve(long, Supplier)}, for many values made at once (the fields of a record, the elements of
     * split()), which together may take the whole memory limit but no more.
     */
    void reserveMany(long bytes, Supplier<String> what) {
        reserve(bytes, false, what);
    }

    private void reserve(long bytes, boolean oneValue, Supplier<String> what) {
        if (oneValue && bytes > largestValue()) {
            throw stop(Outcome.MEMORY_LIMIT, what.get() + " would take about " + mebibytes(bytes)
                    + ", over the limit of " + mebibytes(largestValue()) + " for a single value (a quarter of the "
                    + "memory limit of " + mebibytes(limits.memoryBytes()) + ")");
        }
        if (heldAtLastMeasure + bytes > limits.memoryBytes()) {
            measure(THREADS.getCurrentThreadAllocatedBytes());
            if (heldAtLastMeasure + bytes > limits.memoryBytes()) {
                throw stop(Outcome.MEMORY_LIMIT, what.get() + " would take about " + mebibytes(bytes)
                        + " more, and the script's data already hold about " + mebibytes(heldAtLastMeasure)
                        + ": over the memory limit of " + mebibytes(limits.memoryBytes()));
            }
        }
        reservedSinceLastMeasure += bytes;
        if (reservedSinceLastMeasure >= measureEvery) {
            measure(THREADS.getCurrentThreadAllocatedBytes());
        }
    }

    /** The most bytes one value (a string, a record, the fields of a record) may take: a quarter of the memory limit. */
    long largestValue() {
        return limits.memoryBytes() / 4;
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
     * Stops the run: the first reason given wins, every command it started is killed, a run thread blocked in a read
     * is interrupted, and the run's thread throws at its next instruction. Safe to call from any thread.
     *
     * @return an exception for the caller to throw when it is the run's own thread
     */
    RunStoppedException stop(Outcome reason, String detail) {
        Thread blocked;
        synchronized (this) {
            if (stopReason == null) {
                stopDetail = detail;
                stopReason = reason;
            }
            blocked = runThread;
        }
        processes.forEach(ChildProcesses::killTree);
        if (blocked != null && blocked != Thread.currentThread()) {
            synchronized (this) {
                if (runThread == blocked) {
                    blocked.interrupt();
                }
            }
        }
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
            ChildProcesses.killTree(process);
            throwIfStopped();
        }
    }

    void forget(Process process) {
        processes.remove(process);
    }

    /**
     * Counts a file or command about to be opened against the run's cap.
     *
     * @throws AwkRuntimeException when the run already has {@value #MAX_OPEN_STREAMS} open
     */
    void opening(String name) {
        if (openStreams >= MAX_OPEN_STREAMS) {
            throw new AwkRuntimeException("cannot open \"" + name + "\": the script already has " + MAX_OPEN_STREAMS
                    + " files and commands open, the most a run may have; close() the ones it is done with");
        }
        openStreams++;
    }

    void closed() {
        openStreams--;
    }

    /** Something the run opened that must be closed when it ends, however it ends. */
    void own(Closeable resource) {
        resources.add(resource);
    }

    /** Closes everything the run opened and kills what is left of its commands, with their children. */
    void release() {
        for (Closeable resource : resources) {
            try {
                resource.close();
            } catch (IOException | RuntimeException ignored) {
                // the run is over; what could not be closed cleanly is closed by its process ending
            }
        }
        resources.clear();
        processes.forEach(ChildProcesses::killTree);
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

    private void measure(long allocated) {
        allocatedAtLastMeasure = allocated;
        reservedSinceLastMeasure = 0;
        long held = 0;
        for (AVM avm : interpreters) {
            held += JawkState.heldBytes(avm);
        }
        heldAtLastMeasure = held;
        if (held > limits.memoryBytes()) {
            throw stop(Outcome.MEMORY_LIMIT, "the script's data grew to about " + mebibytes(held)
                    + ", over the memory limit of " + mebibytes(limits.memoryBytes()));
        }
        // Measuring costs time in proportion to what is held: measure less often as it grows.
        measureEvery = Math.max(firstMeasureAfter(limits.memoryBytes()), held);
    }

    private String timeoutMessage() {
        return "the script ran longer than the time limit of " + limits.time().toMillis() + " ms";
    }

    private static long firstMeasureAfter(long memoryLimit) {
        return Math.max(memoryLimit / 4, 1 << 20);
    }

    static String mebibytes(long bytes) {
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
     * Reading a file or device: checks the deadline before and after every read. A read that blocks (a terminal, the
     * server's stdin) is ended by the interrupt {@link #stop} sends, which closes the file's interruptible channel.
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
            checkTime();
            try {
                int n = source.read(buffer, offset, length);
                throwIfStopped();
                return n;
            } catch (IOException e) {
                throwIfStopped();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
