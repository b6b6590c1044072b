package dev.awkplayground.engine;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.metricshub.jawk.jrt.AwkRuntimeException;
import org.metricshub.jawk.jrt.JRT;
import org.metricshub.jawk.jrt.PartitioningReader;
import org.metricshub.jawk.jrt.VariableManager;

/**
 * jawk's runtime with AWK's commands and redirections reimplemented for a server:
 * <ul>
 *     <li>{@code system(cmd)} copies the command's output into the run's output on the calling thread and waits for
 *     it, so the output comes back complete and in order (jawk copies it on a thread it does not wait for);</li>
 *     <li>every command started is registered with the run's guard, which kills it, with its children, when the
 *     run is stopped or ends;</li>
 *     <li>commands' standard error, and {@code /dev/stderr}, go to the run's captured stderr rather than the server's;
 *     {@code /dev/stdout} and {@code -} are the run's output;</li>
 *     <li>files written count against the output limit; commands and files read stop at the deadline.</li>
 * </ul>
 * Commands run through {@code /bin/sh -c}, as in every AWK. Where there is no shell (a minimal image), starting one
 * fails: {@code system()} returns -1, {@code cmd | getline} returns 0, and the reason goes to stderr.
 */
final class PlaygroundJrt extends JRT {
    private static final String SHELL = "/bin/sh";

    private final VariableManager vm;
    private final RunGuard guard;
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private PrintStream stdout;

    PlaygroundJrt(VariableManager vm, RunGuard guard) {
        super(vm);
        this.vm = vm;
        this.guard = guard;
    }

    @Override
    public void setStreams(PrintStream output, PrintStream ignoredServerStderr) {
        this.stdout = output;
        super.setStreams(output, guard.stderr());
    }

    @Override
    public Integer jrtSystem(String command) {
        stdout.flush();
        Process process;
        try {
            process = start(command);
        } catch (IOException e) {
            noteFailure("system", command, e);
            return -1;
        }
        try {
            process.getOutputStream().close();
            // Copied here, on the script's own thread, so the output is complete and in order when system() returns.
            CommandPipes.copyUntilExit(process, stdout, guard.stderr(), guard);
            return process.waitFor();
        } catch (IOException e) {
            guard.throwIfStopped();
            throw new AwkRuntimeException("system(" + command + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw guard.stop(Outcome.TIMEOUT, "interrupted while waiting for " + command);
        } finally {
            guard.forget(process);
        }
    }

    @Override
    public boolean jrtConsumeCommandInput(String command) throws IOException {
        Input input = inputs.get(command);
        if (input == null) {
            Process process;
            try {
                process = start(command);
            } catch (IOException e) {
                noteFailure("getline", command, e);
                return false;
            }
            process.getOutputStream().close();
            input = new Input(reader(CommandPipes.readable(process, guard)), process,
                    CommandPipes.copyInBackground(process, process.getErrorStream(), guard.stderr()));
            inputs.put(command, input);
        }
        return readRecord(input);
    }

    @Override
    public boolean jrtConsumeFileInput(String filename) throws IOException {
        Input input = inputs.get(filename);
        if (input == null) {
            try {
                input = new Input(reader(guard.guarded(new FileInputStream(filename))), null, null);
            } catch (IOException e) {
                throw new AwkRuntimeException("cannot open \"" + filename + "\" for reading: " + reason(e));
            }
            inputs.put(filename, input);
        }
        return readRecord(input);
    }

    @Override
    public PrintStream jrtGetPrintStream(String filename, boolean append) {
        switch (filename) {
            case "/dev/stdout", "-" -> {
                return stdout;
            }
            case "/dev/stderr" -> {
                return guard.stderr();
            }
            default -> {
                // an ordinary file
            }
        }
        Output output = outputs.get(filename);
        if (output == null) {
            try {
                OutputStream file = guard.budgeted(new FileOutputStream(filename, append));
                output = new Output(new PrintStream(file, true, StandardCharsets.UTF_8), null, List.of());
            } catch (IOException e) {
                throw new AwkRuntimeException("cannot open \"" + filename + "\" for writing: " + reason(e));
            }
            outputs.put(filename, output);
        }
        return output.stream();
    }

    @Override
    public PrintStream jrtSpawnForOutput(String command) {
        Output output = outputs.get(command);
        if (output == null) {
            stdout.flush();
            Process process;
            try {
                process = start(command);
            } catch (IOException e) {
                throw new AwkRuntimeException("cannot run \"" + command + "\": " + reason(e));
            }
            output = new Output(new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8), process,
                    List.of(CommandPipes.copyInBackground(process, process.getInputStream(), stdout),
                            CommandPipes.copyInBackground(process, process.getErrorStream(), guard.stderr())));
            outputs.put(command, output);
        }
        return output.stream();
    }

    @Override
    public Integer jrtClose(String name) {
        Integer status = -1;
        Output output = outputs.remove(name);
        if (output != null) {
            status = output.close();
        }
        Input input = inputs.remove(name);
        if (input != null) {
            status = input.close();
        }
        return status;
    }

    @Override
    public void jrtCloseAll() {
        for (String name : new ArrayList<>(outputs.keySet())) {
            jrtClose(name);
        }
        for (String name : new ArrayList<>(inputs.keySet())) {
            jrtClose(name);
        }
        stdout.flush();
    }

    private Process start(String command) throws IOException {
        Process process = new ProcessBuilder(SHELL, "-c", command).start();
        guard.register(process);
        return process;
    }

    private PartitioningReader reader(InputStream stream) {
        return new PartitioningReader(new InputStreamReader(stream, StandardCharsets.UTF_8), vm.getRS().toString());
    }

    /** Like gawk, mawk and the one true awk (but not jawk's own runtime), getline from a file or command leaves NR. */
    private boolean readRecord(Input input) throws IOException {
        String record = input.reader().readRecord();
        if (record == null) {
            return false;
        }
        setInputLine(record);
        return true;
    }

    /** The shell first: in a minimal image the reason is that there is none. */
    private void noteFailure(String primitive, String command, IOException e) {
        guard.stderr().println("awk: " + primitive + ": " + SHELL + ": " + reason(e) + " (running \"" + command + "\")");
    }

    /** The operating system's reason, without Java's decoration: "No such file or directory". */
    private static String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.lastIndexOf('(');
        int close = message.lastIndexOf(')');
        if (open >= 0 && close > open) {
            String inner = message.substring(open + 1, close);
            return inner.startsWith("error=") && inner.contains(", ") ? inner.substring(inner.indexOf(", ") + 2) : inner;
        }
        return message;
    }

    private int waitFor(Process process, List<Thread> pumps) {
        try {
            int status = process.waitFor();
            for (Thread pump : pumps) {
                pump.join();
            }
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw guard.stop(Outcome.TIMEOUT, "interrupted while waiting for a command");
        } finally {
            guard.forget(process);
            guard.throwIfStopped();
        }
    }

    /** A file or command the script reads with getline. */
    private final class Input {
        private final PartitioningReader reader;
        private final Process process;
        private final Thread stderrPump;

        Input(PartitioningReader reader, Process process, Thread stderrPump) {
            this.reader = reader;
            this.process = process;
            this.stderrPump = stderrPump;
        }

        PartitioningReader reader() {
            return reader;
        }

        int close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // closing our end of a pipe the command already closed
            }
            return process == null ? 0 : waitFor(process, List.of(stderrPump));
        }
    }

    /** A file or command the script prints to. */
    private final class Output {
        private final PrintStream stream;
        private final Process process;
        private final List<Thread> pumps;

        Output(PrintStream stream, Process process, List<Thread> pumps) {
            this.stream = stream;
            this.process = process;
            this.pumps = pumps;
        }

        PrintStream stream() {
            return stream;
        }

        int close() {
            stream.close();
            return process == null ? 0 : waitFor(process, pumps);
        }
    }
}
