package dev.awkplayground.engine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.awkplayground.config.Limits;

/**
 * The limits of one run, and everything the run owns. The interpreter calls back here from inside the script as it
 * runs (every few hundred instructions, and before any step that could allocate much); every file, pipe and command
 * the run opens is registered here and ends with the run, whatever way it ends.
 * <p>
 * A guard belongs to the thread running the script; only {@link #stop(Outcome, String)}, {@link #stopIfOverdue()} and
 * the output streams are used from other threads. Its methods are public for the interpreter's package; only the
 * engine creates guards.
 */
public final class RunGuard {
    /** Files and commands a run may have open at once, as other AWKs cap them. */
    public static final int MAX_OPEN_STREAMS = 32;
    /**
     * Bytes a stored string costs beyond its characters, as a 64-bit JVM with compressed references lays it out: the
     * String object (24), its array's header (16), the array's alignment to 8 bytes.
     */
    public static final long VALUE_OVERHEAD = 48;
    /**
     * Bytes an array element costs beyond its value, as jawk stores it (a HashMap): the map's node (32), its slot in
     * the map's table, a boxed number key (16), and what the heap measured besides (HeldBytesTest: 78 to 86 bytes an
     * element beyond its value, measured after a full collection).
     */
    public static final long ELEMENT_OVERHEAD = 88;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final AtomicLong IDS = new AtomicLong();

    private final String id = "run-" + IDS.incrementAndGet();
    private final Limits limits;
    private final Sandbox sandbox;
    private final SharedMemory shared;
    private final long startNanos;
    private final long deadlineNanos;
    private final RunStreams streams;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final List<Closeable> resources = new ArrayList<>();
    private volatile Outcome stopReason;
    private volatile String stopDetail;
    private volatile boolean finished;
    private Thread runThread;
    // Used only by the run's own thread:
    private final Regexes regexes = new Regexes(this);
    private LongSupplier heldBytes = () -> 0;
    private int openStreams;
    private long allocatedAtLastMeasure;
    private long reservedSinceLastMeasure;
    private long measureEvery;
    private volatile long heldAtLastMeasure;
    private volatile long allocatedAtStart;

    RunGuard(Limits limits, Sandbox sandbox, SharedMemory shared) {
        this.limits = limits;
        this.sandbox = sandbox;
        this.shared = shared;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + limits.time().toNanos();
        this.measureEvery = firstMeasureAfter(limits.memoryBytes());
        this.streams = new RunStreams(this, limits.outputBytes());
    }

    /** The run's name, given to the commands it starts so that the processes they leave behind can be found. */
    public String id() {
        return id;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public Limits limits() {
        return limits;
    }

    public Regexes regexes() {
        return regexes;
    }

    /**
     * How the interpreter measures the data the script holds (its variables, arrays, call frames and current record),
     * in bytes; the guard asks when the run has allocated enough since the last time to matter.
     */
    public void measureDataWith(LongSupplier heldBytes) {
        this.heldBytes = heldBytes;
    }

    void bindToCurrentThread() {
        allocatedAtLastMeasure = THREADS.getCurrentThreadAllocatedBytes();
        allocatedAtStart = allocatedAtLastMeasure;
        synchronized (this) {
            runThread = Thread.currentThread();
        }
    }

    void unbindFromCurrentThread() {
        synchronized (this) {
            runThread = null;
            finished = true;
            // An interrupt sent to stop this run must not reach the next run on this pooled thread.
            Thread.interrupted();
        }
    }

    /** The run's output, which becomes the answer's {@code output}. */
    public PrintStream stdout() {
        return streams.stdout();
    }

    /** The run's standard error: its commands' and {@code /dev/stderr}'s, never the server's. */
    public PrintStream stderr() {
        return streams.stderr();
    }

    /**
     * Wraps a stream so that what goes through it counts against the run's output limit.
     */
    public OutputStream budgeted(OutputStream target) {
        return streams.budgeted(target);
    }

    /**
     * Wraps a stream the script reads so that reading stops at the deadline, even inside one long read.
     */
    public InputStream guarded(InputStream source) {
        return streams.guarded(source);
    }

    /**
     * Called every few hundred instructions: stops the run at its deadline, or when its data outgrow the memory limit.
     */
    public void checkpoint() {
        checkTime();
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        if (allocated - allocatedAtLastMeasure >= measureEvery) {
            measure(allocated);
        }
    }

    /** Stops the run if it was stopped from outside or is past its deadline. */
    public void checkTime() {
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
    public void reserve(long bytes, Supplier<String> what) {
        reserve(bytes, true, what);
    }

    /**
     * Like {@link #reserve(long, Supplier)}, for many values made at once (the fields of a record, the elements of
     * split()), which together may take the whole memory limit but no more.
     */
    public void reserveMany(long bytes, Supplier<String> what) {
        reserve(bytes, false, what);
    }

    private void reserve(long bytes, boolean oneValue, Supplier<String> what) {
        if (oneValue && bytes > largestValue()) {
            throw stop(Outcome.MEMORY_LIMIT, what.get() + " would take about " + mebibytes(bytes)
                    + ", over the limit of " + mebibytes(largestValue()) + " for a single value (a quarter of the "
                    + "memory limit of " + mebibytes(limits.memoryBytes()) + ")");
        }
        if (heldAtLastMeasure + bytes > limits.memoryBytes()
                || heldAtLastMeasure + bytes + shared.heldByOthers(this) > shared.limit()) {
            measure(THREADS.getCurrentThreadAllocatedBytes());
            if (heldAtLastMeasure + bytes > limits.memoryBytes()) {
                throw stop(Outcome.MEMORY_LIMIT, what.get() + " would take about " + mebibytes(bytes)
                        + " more, and the script's data already hold about " + mebibytes(heldAtLastMeasure)
                        + ": over the memory limit of " + mebibytes(limits.memoryBytes()));
            }
            requireSharedMemory(bytes);
        }
        reservedSinceLastMeasure += bytes;
        if (reservedSinceLastMeasure >= measureEvery) {
            measure(THREADS.getCurrentThreadAllocatedBytes());
        }
    }

    /**
     * Bytes a string takes on the heap: one a character when every character is at most U+00FF (the JVM's compact
     * Latin-1 strings), two otherwise.
     */
    public static long bytesOf(CharSequence text) {
        return VALUE_OVERHEAD + text.length() * (long) bytesPerChar(text);
    }

    /** 1 for a string the JVM stores as Latin-1, 2 for one it stores as UTF-16. */
    public static int bytesPerChar(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) > 0xFF) {
                return 2;
            }
        }
        return 1;
    }

    /** The most bytes one value (a string, a record, the fields of a record) may take: a quarter of the memory limit. */
    public long largestValue() {
        return limits.memoryBytes() / 4;
    }

    /**
     * Formatted text of up to {@code length} characters about to be written out.
     *
     * @param what what would write it, for the message
     */
    public void checkOutputLength(long length, Supplier<String> what) {
        if (length > limits.outputBytes()) {
            throw stop(Outcome.OUTPUT_LIMIT, what.get() + " would write up to " + length
                    + " characters, over the output limit of " + limits.outputBytes() + " bytes");
        }
    }

    public void throwIfStopped() {
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
    public RunStoppedException stop(Outcome reason, String detail) {
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

    public void register(Process process) {
        processes.add(process);
        if (stopReason != null) {
            ChildProcesses.killTree(process);
            throwIfStopped();
        }
    }

    /**
     * A command the run is done with. When the run was stopped meanwhile, the command is killed here: the run's
     * thread may have seen the stop and let go of the command before {@link #stop} came to kill it.
     */
    public void forget(Process process) {
        if (stopReason != null && process.isAlive()) {
            ChildProcesses.killTree(process);
        }
        processes.remove(process);
    }

    /**
     * Counts a file or command about to be opened against the run's cap.
     *
     * @throws ScriptError when the run already has {@value #MAX_OPEN_STREAMS} open
     */
    public void opening(String name) {
        if (openStreams >= MAX_OPEN_STREAMS) {
            throw new ScriptError("cannot open \"" + name + "\": the script already has " + MAX_OPEN_STREAMS
                    + " files and commands open, the most a run may have; close() the ones it is done with");
        }
        openStreams++;
    }

    public void closed() {
        openStreams--;
    }

    /** Something the run opened that must be closed when it ends, however it ends. */
    public void own(Closeable resource) {
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
        shared.release(this);
    }

    /** The run's data as last measured, in bytes. */
    long heldAtLastMeasure() {
        return heldAtLastMeasure;
    }

    /** What the run's thread has allocated since the run began, garbage included; 0 once it has ended. */
    synchronized long allocatedSinceStart() {
        return runThread == null ? 0 : THREADS.getThreadAllocatedBytes(runThread.threadId()) - allocatedAtStart;
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

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** How long the run has been going past its deadline; negative before it. */
    Duration overdue() {
        return Duration.ofNanos(System.nanoTime() - deadlineNanos);
    }

    String output() {
        return streams.output();
    }

    String errorOutput() {
        return streams.errorOutput();
    }

    private void measure(long allocated) {
        allocatedAtLastMeasure = allocated;
        reservedSinceLastMeasure = 0;
        long held = heldBytes.getAsLong();
        heldAtLastMeasure = held;
        shared.hold(this, held);
        if (held > limits.memoryBytes()) {
            throw stop(Outcome.MEMORY_LIMIT, "the script's data grew to about " + mebibytes(held)
                    + ", over the memory limit of " + mebibytes(limits.memoryBytes()));
        }
        requireSharedMemory(0);
        // Measuring costs time in proportion to what is held: measure less often as it grows, but never so seldom
        // that the data could pass the limit unseen (they would, by up to the interval, in a loop of large copies).
        measureEvery = Math.max(1 << 20, Math.min(Math.max(firstMeasureAfter(limits.memoryBytes()), held),
                limits.memoryBytes() - held));
    }

    /** The runs in progress together may not hold more than their share of the heap (see {@link SharedMemory}). */
    private void requireSharedMemory(long more) {
        long others = shared.heldByOthers(this);
        if (heldAtLastMeasure + more + others > shared.limit()) {
            throw stop(Outcome.MEMORY_LIMIT, "the runs in progress would hold about "
                    + mebibytes(heldAtLastMeasure + more + others) + " together (this one about "
                    + mebibytes(heldAtLastMeasure + more) + "), over the " + mebibytes(shared.limit())
                    + " the server gives them all (" + SharedMemory.HEAP_SHARE_PERCENT + "% of its heap)");
        }
    }

    String timeoutMessage() {
        return "the script ran longer than the time limit of " + limits.time().toMillis() + " ms";
    }

    private static long firstMeasureAfter(long memoryLimit) {
        return Math.max(memoryLimit / 4, 1 << 20);
    }

    static String mebibytes(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
