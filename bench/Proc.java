import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the commands the benchmarks drive: bounded in time, their output read in full, failures reported loudly. */
final class Proc {
    private Proc() {
    }

    /** Runs a command to its end and returns what it printed (stdout and stderr together); fails on a non-zero exit. */
    static String run(Path dir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("bench-proc", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command)
                        + "\n" + tail(output, 3000));
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(dir, timeoutSeconds, List.of(command));
    }

    /** Runs a command with stdin from one file and stdout to another; fails on a non-zero exit. */
    static void runToFile(Path dir, long timeoutSeconds, List<String> command, Path stdin, Path stdout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(stdin.toFile()).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command));
        }
    }

    /** Whether an executable is on the PATH. */
    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** The first line a command prints, for the versions in the report; "?" when it cannot run. */
    static String firstLine(String... command) {
        try {
            String out = run(Path.of("."), 20, List.of(command)).strip();
            return out.isEmpty() ? "?" : out.lines().findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    /** Resident set size of a process in KiB, from /proc (VmRSS, or VmHWM for the peak). */
    static long memoryKib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " for process " + pid);
    }

    /** Size of a file or a directory tree, in bytes (file sizes, as du --apparent-size counts them). */
    static long treeBytes(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static String tail(String text, int chars) {
        return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
    }

    static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
