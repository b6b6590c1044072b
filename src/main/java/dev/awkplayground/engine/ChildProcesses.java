package dev.awkplayground.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Starts the commands of AWK scripts and makes sure none outlives its run, background processes included, and that
 * no run holds more than {@value #MAX_PROCESSES_PER_RUN} processes.
 * <p>
 * A command such as {@code sleep 60 &} leaves a process whose parent, the shell, exits at once. On Linux the service
 * makes itself a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}, which needs no privilege), so such orphans,
 * and double forks that leave their session, become children of the JVM instead of the host's init; as PID 1 in a
 * container it is their parent anyway. Every command starts in a session of its own ({@code setsid}), which the run
 * owns while it lives. A process can leave a session only for a new one and can never join an existing one, so
 * nothing a script does puts its processes back in the JVM's session or in another run's. {@link #sweep()} therefore
 * tells the JVM's children apart without asking them anything: in the JVM's own session, started by other code in
 * the JVM (a test) and left alone; in the session of a live run's command, that run's; anything else, a left-over,
 * killed with its descendants. It reaps the JVM's children that Java did not start with {@code waitpid}, which the JVM
 * does only for its own, and stops a run whose processes pass {@value #MAX_PROCESSES_PER_RUN}.
 * <p>
 * Where there is no {@code setsid} program, commands run in the JVM's session, and what they leave there is reaped
 * once it exits but not killed. Elsewhere (no {@code /proc}, no {@code prctl}) commands still run and their direct
 * processes are still killed; the service logs at start that background processes may outlive their run.
 */
public final class ChildProcesses {
    /** Processes a run may have at once, its commands and everything below them or left by them. */
    public static final int MAX_PROCESSES_PER_RUN = 64;

    private static final System.Logger LOGGER = System.getLogger(ChildProcesses.class.getName());
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final long SELF = ProcessHandle.current().pid();
    private static final String SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    /** Commands started here and not yet reaped by Java, by process id, with their run. */
    private static final Map<Long, String> STARTED_BY_JAVA = new ConcurrentHashMap<>();
    /** The sessions of the commands of live runs, by session id (the command's process id), with their run. */
    private static final Map<Long, String> SESSIONS = new ConcurrentHashMap<>();
    private static final Map<String, RunGuard> LIVE_RUNS = new ConcurrentHashMap<>();
    /** Live runs that have started a command: only they can leave processes behind. */
    private static final Set<String> COMMANDED = ConcurrentHashMap.newKeySet();
    /** Runs of an engine that is closing: stopped, though their threads may not have let go of them yet. */
    private static final Set<String> ENDING = ConcurrentHashMap.newKeySet();
    private static final Object STARTING = new Object();
    private static final MethodHandle WAITPID;
    private static final boolean TRACKED;
    private static final long OWN_SESSION;
    private static final LongAdder KILLED = new LongAdder();
    private static final LongAdder REAPED = new LongAdder();
    private static final LongAdder TABLE_READS = new LongAdder();
    // Whether a sweep may find something: a command started, or an orphan seen, since the last sweep found none.
    private static volatile boolean mayHaveOrphans;
    private static Set<Long> lastZombies = Set.of();

    static {
        MethodHandle waitpid = null;
        boolean tracked = false;
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                MethodHandle prctl = linker.downcallHandle(libc.find("prctl").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                        Linker.Option.firstVariadicArg(1));
                waitpid = linker.downcallHandle(libc.find("waitpid").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_INT));
                tracked = (int) prctl.invokeExact(PR_SET_CHILD_SUBREAPER, 1L) == 0 || SELF == 1;
            } catch (Throwable e) {
                LOGGER.log(Level.DEBUG, "no prctl/waitpid through the FFM API", e);
            }
        }
        WAITPID = waitpid;
        TRACKED = tracked;
        ProcessStat self = ProcessStat.read(SELF);
        OWN_SESSION = self == null ? -1 : self.session();
        if (TRACKED && SETSID == null) {
            LOGGER.log(Level.WARNING, "no setsid program: what a command leaves in the background cannot be told "
                    + "from other children of the service and may outlive its run");
        }
    }

    private ChildProcesses() {
    }

    /**
     * Whether processes left behind by commands are found and ended; false where the operating system offers no way.
     */
    static boolean tracked() {
        return TRACKED;
    }

    /** How often /proc has been read: a cost paid per process on the machine, so only when a sweep may find something. */
    static long tableReads() {
        return TABLE_READS.sum();
    }

    /** Whether the next sweep reads /proc. */
    static boolean mayHaveOrphans() {
        return mayHaveOrphans;
    }

    /** A run begins: its commands' sessions are its own until {@link #runEnded}. */
    static void runStarted(RunGuard run) {
        LIVE_RUNS.put(run.id(), run);
    }

    /**
     * A run has ended: whatever is left in its commands' sessions is a left-over from now on. A run that started no
     * command cannot have left anything, and its end asks for no sweep: reading /proc after every small run cost a
     * third of {@code /api/v1/run}'s throughput on a machine with a few hundred processes (BENCHMARKS.md).
     */
    static void runEnded(RunGuard run) {
        LIVE_RUNS.remove(run.id());
        if (COMMANDED.remove(run.id())) {
            SESSIONS.values().removeIf(run.id()::equals);
            mayHaveOrphans = true;
        }
    }

    /** Starts a command for a run, in a session of its own. */
    public static Process start(ProcessBuilder builder, String runId) throws IOException {
        if (SETSID != null) {
            // The command is not a process group leader, so setsid creates the session and execs in place: the
            // process Java waits for is the command itself, and the session's id is its process id.
            builder.command().addFirst(SETSID);
        }
        mayHaveOrphans = true;
        synchronized (STARTING) {
            Process process = builder.start();
            long pid = process.pid();
            STARTED_BY_JAVA.put(pid, runId);
            if (LIVE_RUNS.containsKey(runId)) {
                COMMANDED.add(runId);
                if (SETSID != null) {
                    SESSIONS.put(pid, runId);
                }
            }
            // Once Java has reaped it, what it left running or dead has been handed to the JVM: sweep again.
            process.onExit().thenRun(() -> {
                STARTED_BY_JAVA.remove(pid);
                mayHaveOrphans = true;
            });
            return process;
        }
    }

    /** Kills a process and every process below it. */
    public static void killTree(Process process) {
        killTree(process.toHandle());
    }

    private static void killTree(ProcessHandle process) {
        process.descendants().forEach(ChildProcesses::kill);
        kill(process);
    }

    private static void kill(ProcessHandle process) {
        if (process.destroyForcibly()) {
            KILLED.increment();
        }
    }

    /** @return processes killed so far: commands of stopped runs, what they left behind, and their descendants */
    public static long killed() {
        return KILLED.sum();
    }

    /** @return zombies reaped so far: orphans re-parented to the JVM that nothing else would wait for */
    public static long reaped() {
        return REAPED.sum();
    }

    /**
     * Ends the processes commands left behind, and runs that hold too many: every child of the JVM that is neither in
     * the JVM's own session nor in the session of a live run's command is killed with its descendants; a run with more
     * than {@value #MAX_PROCESSES_PER_RUN} processes is stopped and all of them killed; every child that has stayed a
     * zombie since the previous sweep is reaped. (Java reaps the processes it starts the instant they exit, so a
     * zombie that lasts is an orphan.)
     *
     * @return how many processes were killed or reaped
     */
    static synchronized int sweep() {
        if (!TRACKED || !mayHaveOrphans) {
            return 0;
        }
        Map<Long, ProcessStat> table;
        synchronized (STARTING) {
            mayHaveOrphans = false;
            table = processTable();
        }
        Map<Long, Owner> owners = new HashMap<>();
        Map<String, List<Long>> byRun = new HashMap<>();
        List<Long> leftOvers = new ArrayList<>();
        Set<Long> zombies = new HashSet<>();
        int ended = 0;
        for (ProcessStat process : table.values()) {
            if (process.parent() == SELF && process.zombie() && !STARTED_BY_JAVA.containsKey(process.pid())) {
                if (lastZombies.contains(process.pid())) {
                    reap(process.pid());
                    ended++;
                } else {
                    zombies.add(process.pid());
                }
                continue;
            }
            Owner owner = owner(process, table, owners);
            if (owner == null) {
                continue;
            }
            if (owner.leftOver()) {
                leftOvers.add(process.pid());
            } else if (owner.run() != null && !process.zombie()) {
                byRun.computeIfAbsent(owner.run(), run -> new ArrayList<>()).add(process.pid());
            }
        }
        for (var run : byRun.entrySet()) {
            if (run.getValue().size() > MAX_PROCESSES_PER_RUN) {
                RunGuard guard = LIVE_RUNS.get(run.getKey());
                if (guard != null) {
                    guard.stop(Outcome.PROCESS_LIMIT, "the script's commands started more than "
                            + MAX_PROCESSES_PER_RUN + " processes at once (" + run.getValue().size()
                            + " seen): the run was stopped and its processes killed");
                }
                leftOvers.addAll(run.getValue());
            }
        }
        // Oldest first, which are mostly parents: a shell that forks in a loop stops before its children are killed.
        leftOvers.sort(null);
        for (long pid : leftOvers) {
            ProcessHandle.of(pid).ifPresent(ChildProcesses::kill);
            zombies.add(pid);
            ended++;
        }
        lastZombies = zombies;
        if (!byRun.isEmpty() || !zombies.isEmpty() || !STARTED_BY_JAVA.isEmpty()) {
            mayHaveOrphans = true;
        }
        return ended;
    }

    /**
     * Whose a process is: below a command of a run (or a command itself), that run's; a child of the JVM, by its
     * session; anything else, its parent's owner. Null for processes that are not below the JVM, or are other code's.
     */
    private static Owner owner(ProcessStat process, Map<Long, ProcessStat> table, Map<Long, Owner> owners) {
        if (owners.containsKey(process.pid())) {
            return owners.get(process.pid());
        }
        Owner owner;
        String command = STARTED_BY_JAVA.get(process.pid());
        if (command != null) {
            owner = new Owner(command, !live(command));
        } else if (process.parent() == SELF) {
            String run = SESSIONS.get(process.session());
            owner = run != null ? new Owner(run, !live(run))
                    : process.session() == OWN_SESSION ? null : new Owner(null, true);
        } else {
            ProcessStat parent = table.get(process.parent());
            // Marked as visited first: a cycle (pids reused while /proc was read) ends here.
            owners.put(process.pid(), null);
            owner = parent == null ? null : owner(parent, table, owners);
        }
        owners.put(process.pid(), owner);
        return owner;
    }

    private static boolean live(String run) {
        return LIVE_RUNS.containsKey(run) && !ENDING.contains(run);
    }

    /** A process's owner: a live run, by name, or a left-over to be killed (its run, if known, has ended). */
    private record Owner(String run, boolean leftOver) {
    }

    /**
     * Ends what every run left, when the engine closes: kills the left-overs and reaps the zombies, sweeping a few
     * times over a second or two, since killed processes and their children take a moment to become zombies and to be
     * handed to the JVM, and a zombie is reaped on the second sweep that sees it.
     */
    static void endAll(Collection<String> endingRuns) {
        // The engine's runs were stopped, but a run's thread may still be letting go of it: its processes are
        // left-overs now, whether or not the run has been unregistered yet.
        ENDING.addAll(endingRuns);
        try {
            for (int sweep = 0; sweep < 10 && TRACKED; sweep++) {
                mayHaveOrphans = true;
                if (sweep() == 0 && lastZombies.isEmpty()) {
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            ENDING.removeAll(endingRuns);
        }
    }

    /** Every process on the machine (or in the container) as /proc shows it, read once. */
    private static Map<Long, ProcessStat> processTable() {
        TABLE_READS.increment();
        Map<Long, ProcessStat> table = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.isEmpty() && Character.isDigit(name.charAt(0)))
                    .forEach(name -> {
                        ProcessStat stat = ProcessStat.read(Long.parseLong(name));
                        if (stat != null) {
                            table.put(stat.pid(), stat);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.DEBUG, "/proc could not be listed", e);
        }
        return table;
    }

    /** Fields 1, 3, 4 and 6 of /proc/PID/stat; the command name before them, in parentheses, may hold anything. */
    private record ProcessStat(long pid, boolean zombie, long parent, long session) {
        static ProcessStat read(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"),
                        StandardCharsets.ISO_8859_1);
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 5);
                return new ProcessStat(pid, fields[0].equals("Z"), Long.parseLong(fields[1]),
                        Long.parseLong(fields[3]));
            } catch (IOException | RuntimeException e) {
                return null; // gone, or not readable
            }
        }
    }

    private static void reap(long pid) {
        try {
            int reaped = (int) WAITPID.invokeExact((int) pid, MemorySegment.NULL, WNOHANG);
            if (reaped == pid) {
                REAPED.increment();
            }
        } catch (Throwable e) {
            LOGGER.log(Level.DEBUG, "waitpid failed for " + pid, e);
        }
    }
}
