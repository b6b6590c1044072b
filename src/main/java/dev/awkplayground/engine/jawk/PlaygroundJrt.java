package dev.awkplayground.engine.jawk;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.awkplayground.engine.ChildProcesses;
import dev.awkplayground.engine.CommandPipes;
import dev.awkplayground.engine.FileAccess;
import dev.awkplayground.engine.Outcome;
import dev.awkplayground.engine.RecordReader;
import dev.awkplayground.engine.RunGuard;
import dev.awkplayground.engine.Sandbox;
import dev.awkplayground.engine.Sandbox.Access;
import org.metricshub.jawk.intermediate.UninitializedObject;
import org.metricshub.jawk.jrt.AssocArray;
import org.metricshub.jawk.jrt.AwkRuntimeException;
import org.metricshub.jawk.jrt.JRT;
import org.metricshub.jawk.jrt.PartitioningReader;
import org.metricshub.jawk.jrt.VariableManager;

/**
 * jawk's runtime with everything that reaches outside the run reimplemented for a server, in both modes. Each such
 * path asks the run's {@link Sandbox} first; in sandboxed mode only the request's input and the run's own output and
 * stderr pass.
 * <ul>
 *     <li>The main input: the request's input, or in vulnerable mode the files named in {@code ARGV}, one open at a
 *     time and closed when read (jawk opens them all without closing any); read through a {@link RecordReader}.</li>
 *     <li>{@code system(cmd)} copies the command's output into the run's output on the calling thread and waits for
 *     it, so the output comes back complete and in order (jawk copies it on a thread it does not wait for).</li>
 *     <li>Every command is started through {@link ChildProcesses}, registered with the run's guard and killed, with
 *     its children and whatever it left in the background, when the run is stopped or ends.</li>
 *     <li>Commands' stderr, and {@code /dev/stderr}, go to the run's captured stderr rather than the server's;
 *     {@code /dev/stdout} and {@code -} are the run's output.</li>
 *     <li>Files written count against the output limit; files and commands read stop at the deadline; at most
 *     {@value RunGuard#MAX_OPEN_STREAMS} are open at once, and all are closed when the run ends.</li>
 *     <li>Field splitting, {@code NF} and field assignments are checked against the memory limit first.</li>
 * </ul>
 * Commands run through {@code /bin/sh -c}, as in every AWK. Where there is no shell (a minimal image), starting one
 * fails: {@code system()} returns -1, {@code cmd | getline} returns 0, and the reason goes to stderr.
 */
final class PlaygroundJrt extends JRT implements Closeable {
    private static final String SHELL = "/bin/sh";
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

    private final VariableManager vm;
    private final RunGuard guard;
    private final Sandbox sandbox;
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private PrintStream stdout;
    // The main input.
    private boolean mainInputStarted;
    private boolean requestInputRead;
    private boolean mainInputEnded;
    private int nextOperand = 1;
    private RecordReader mainReader;
    private boolean mainReaderIsFile;
    // The request's input, read by the main input and by getline < "-" through one reader.
    private InputStream requestInput;
    private RecordReader standardInput;
    // Fields assigned a number, by field number; the CONVFMT their texts in $0 were made with, and how.
    private final Map<Integer, Number> numberFields = new TreeMap<>();
    private Function<Object, String> numberText;
    private String numberTextConvfmt;
    // How a string the script built is told from input (Strnums): a rebuilt $0 is one.
    private UnaryOperator<Object> built = UnaryOperator.identity();

    PlaygroundJrt(VariableManager vm, RunGuard guard) {
        super(vm);
        this.vm = vm;
        this.guard = guard;
        this.sandbox = guard.sandbox();
        guard.own(this);
    }

    @Override
    public void setStreams(PrintStream output, PrintStream ignoredServerStderr) {
        this.stdout = output;
        super.setStreams(output, guard.stderr());
    }

    // ---- The main input -------------------------------------------------------------------------------------------

    /**
     * The next record of the main input. Like awk: the operands in {@code ARGV[1]} to {@code ARGV[ARGC-1]} are read
     * in order, {@code name=value} operands are assignments made when reached, {@code -} and {@code /dev/stdin} are
     * the request's input, and the request's input is read when no operand names a file.
     */
    @Override
    public boolean consumeInput(InputStream requestInput, boolean forGetline, Locale locale) throws IOException {
        if (!mainInputStarted) {
            mainInputStarted = true;
            if (!namesFiles()) {
                applyAssignments();
                openRequestInput(requestInput);
            }
        }
        while (true) {
            if (mainReader == null && !openNextOperand(requestInput)) {
                return false;
            }
            String record = mainReader.readRecord();
            if (record == null) {
                closeMainInput();
                continue;
            }
            setInputLine(record);
            if (!forGetline) {
                jrtParseFields();
            }
            vm.incNR();
            // jawk counts FNR only for files; awk counts it for standard input too.
            vm.incFNR();
            return true;
        }
    }

    /** jawk's APPLY_RS sets the separator on this reader; {@link RecordReader} reads RS itself before each record. */
    @Override
    public PartitioningReader getPartitioningReader() {
        return null;
    }

    private boolean namesFiles() {
        AssocArray argv = (AssocArray) vm.getARGV();
        for (int i = 1; i < argc(); i++) {
            String operand = operand(argv, i);
            if (operand != null && !ASSIGNMENT.matcher(operand).matches()) {
                return true;
            }
        }
        return false;
    }

    private void applyAssignments() {
        AssocArray argv = (AssocArray) vm.getARGV();
        for (; nextOperand < argc(); nextOperand++) {
            String operand = operand(argv, nextOperand);
            if (operand != null) {
                assign(operand);
            }
        }
    }

    private boolean openNextOperand(InputStream requestInput) throws IOException {
        if (mainInputEnded) {
            return false;
        }
        AssocArray argv = (AssocArray) vm.getARGV();
        while (nextOperand < argc()) {
            String operand = operand(argv, nextOperand++);
            if (operand == null) {
                continue;
            }
            if (ASSIGNMENT.matcher(operand).matches()) {
                assign(operand);
            } else if (operand.equals("-") || operand.equals("/dev/stdin")) {
                if (!requestInputRead) {
                    openRequestInput(requestInput);
                    return true;
                }
            } else if (openFileOperand(operand)) {
                return true;
            }
        }
        mainInputEnded = true;
        return false;
    }

    private void openRequestInput(InputStream requestInput) {
        requestInputRead = true;
        this.requestInput = requestInput;
        if (standardInput == null) {
            standardInput = new RecordReader(requestInput, this::recordSeparator, guard);
        }
        mainReader = standardInput;
        mainReaderIsFile = false;
        vm.setFILENAME("");
    }

    /**
     * A file operand: refused in sandboxed mode before anything looks at the path, so nothing tells it exists. As
     * gawk, a file that cannot be opened ends the run, and a directory is skipped with a warning on stderr.
     *
     * @return whether it was opened; false for a directory
     */
    private boolean openFileOperand(String name) {
        sandbox.require(Access.READ_ARGV_FILE);
        guard.opening(name);
        try {
            mainReader = new RecordReader(guard.guarded(FileAccess.openForReading(name)), this::recordSeparator, guard);
        } catch (IOException e) {
            guard.closed();
            if (e instanceof FileSystemException failure && "Is a directory".equals(failure.getReason())) {
                guard.stderr().println("awk: warning: command line argument `" + name + "' is a directory: skipped");
                vm.setFILENAME(name);
                vm.resetFNR();
                return false;
            }
            throw new AwkRuntimeException("cannot open \"" + name + "\" (named in ARGV) for reading: "
                    + FileAccess.reason(e));
        }
        mainReaderIsFile = true;
        vm.setFILENAME(name);
        vm.resetFNR();
        return true;
    }

    private void closeMainInput() throws IOException {
        RecordReader reader = mainReader;
        mainReader = null;
        if (reader != null && mainReaderIsFile) {
            guard.closed();
            reader.close();
        }
    }

    /** {@code nextfile}: the current operand is done; the next record comes from the next one (FNR restarts). */
    void skipFile() throws IOException {
        closeMainInput();
    }

    private String recordSeparator() {
        return vm.getRS().toString();
    }

    private int argc() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, toLong(vm.getARGC())));
    }

    private String operand(AssocArray argv, int index) {
        if (!argv.isIn(index)) {
            return null;
        }
        Object value = argv.get(index);
        String text = value instanceof UninitializedObject ? "" : toAwkString(value, vm.getCONVFMT().toString(),
                Locale.US);
        return text.isEmpty() ? null : text;
    }

    private void assign(String operand) {
        int equals = operand.indexOf('=');
        vm.assignVariable(operand.substring(0, equals),
                AwkValues.fromText(AwkValues.escapesRead(operand.substring(equals + 1))));
    }

    // ---- Fields ---------------------------------------------------------------------------------------------------

    /** Splits {@code $0} as awk does, once the fields are known to fit the memory limit. */
    @Override
    public void jrtParseFields() {
        String record = getInputLine();
        List<String> split = guard.regexes().split(record, vm.getFS().toString(), vm.getRS().toString().isEmpty(),
                "splitting the record");
        List<String> fields = JawkState.inputFields(this);
        numberFields.clear();
        fields.clear();
        fields.add(record);
        fields.addAll(split);
        if (split.size() == 1 && split.get(0) == record) {
            // `$0 = "10"` leaves $0 the string constant; its one field is a strnum all the same (Strnums)
            fields.set(1, new String(record));
        }
        vm.setNF(fields.size() - 1);
    }

    /** {@code NF = n} adds or drops fields and rebuilds {@code $0} with OFS: check that it fits first. */
    @Override
    public void jrtSetNF(Object nfObj) {
        requireNonNegativeNF(nfObj);
        reserveRebuild((long) toDouble(nfObj), 0);
        super.jrtSetNF(nfObj);
        rebuilt();
        numberFields.keySet().removeIf(field -> field > toDouble(nfObj));
    }

    /** AWK's error for {@code NF = -1}. */
    static void requireNonNegativeNF(Object nf) {
        if (toDouble(nf) < 0) {
            throw new AwkRuntimeException("NF set to a negative value (" + toAwkString(nf, "%.6g", Locale.US) + ")");
        }
    }

    /** {@code $n = value} adds empty fields up to {@code n} and rebuilds {@code $0}: check that it fits first. */
    @Override
    public String jrtSetInputField(Object valueObj, int fieldNum) {
        if (fieldNum < 1) {
            throw new AwkRuntimeException(fieldNum < 0 ? "attempt to access field " + fieldNum
                    : "cannot assign to field $" + fieldNum);
        }
        reserveRebuild(fieldNum, String.valueOf(valueObj).length());
        numberFields.remove(fieldNum);
        String value = super.jrtSetInputField(valueObj, fieldNum);
        rebuilt();
        return value;
    }

    /** Strings the script builds are told from input by {@code built} (Strnums.built). */
    void noteBuiltWith(UnaryOperator<Object> built) {
        this.built = built;
    }

    /**
     * {@code $0} rebuilt from its fields is a string the script built, as in gawk: {@code $1 = $1} on a record
     * {@code 3} makes {@code $0 < 10} a comparison of strings.
     */
    private void rebuilt() {
        List<String> fields = JawkState.inputFields(this);
        fields.set(0, (String) built.apply(fields.get(0)));
    }

    /**
     * {@code $n = number}: the field holds the number itself (it prints by OFMT, compares as a number), and its text,
     * in {@code $0}, is the number by CONVFMT, made by {@code text}. As gawk, which rebuilds {@code $0} when it is
     * next read, the texts are made again if CONVFMT has changed since.
     */
    void setNumberField(int fieldNum, Number value, Function<Object, String> text) {
        jrtSetInputField(text.apply(value), fieldNum);
        numberFields.put(fieldNum, value);
        numberText = text;
        numberTextConvfmt = convfmt();
    }

    /**
     * A field: the number assigned to it, else its text; a field that does not exist ({@code $5} when NF is 4, or any
     * field before the first record) is the empty string, as in awk (jawk gives an uninitialised value, which the
     * service's comparisons take as 0 too: {@code $5 == 0} was true).
     */
    @Override
    public Object jrtGetInputField(int fieldnum) {
        if (!numberFields.isEmpty()) {
            if (fieldnum == 0 && !convfmt().equals(numberTextConvfmt)) {
                rebuildNumberTexts();
            }
            Number number = numberFields.get(fieldnum);
            if (number != null) {
                return number;
            }
        }
        Object field = super.jrtGetInputField(fieldnum);
        return field instanceof UninitializedObject ? "" : field;
    }

    private void rebuildNumberTexts() {
        List<String> fields = JawkState.inputFields(this);
        reserveRebuild(fields.size() - 1, 0);
        numberFields.forEach((field, number) -> fields.set(field, numberText.apply(number)));
        fields.set(0, String.join(vm.getOFS().toString(), fields.subList(1, fields.size())));
        rebuilt();
        numberTextConvfmt = convfmt();
    }

    private String convfmt() {
        return String.valueOf(vm instanceof PlaygroundAvm avm ? avm.awkConvfmt() : vm.getCONVFMT());
    }

    /** Rebuilding {@code $0} joins its fields with OFS, which may be long; new fields are values of their own. */
    private void reserveRebuild(long fields, long extra) {
        int current = JawkState.inputFields(this).size() - 1;
        long count = Math.max(fields, current);
        long length = count * vm.getOFS().toString().length() + String.valueOf(getInputLine()).length() + extra;
        guard.reserve(length, () -> "the record rebuilt from " + count + " fields");
        if (count > current) {
            guard.reserveMany((count - current) * RunGuard.VALUE_OVERHEAD, () -> count + " fields");
        }
    }

    // ---- Commands -------------------------------------------------------------------------------------------------

    @Override
    public Integer jrtSystem(String command) {
        sandbox.require(Access.RUN_COMMAND);
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
        sandbox.require(Access.READ_COMMAND);
        Input input = inputs.get(command);
        if (input == null) {
            guard.opening(command);
            Process process;
            try {
                process = start(command);
            } catch (IOException e) {
                guard.closed();
                noteFailure("getline", command, e);
                return false;
            }
            process.getOutputStream().close();
            input = new Input(new RecordReader(CommandPipes.readable(process, guard), this::recordSeparator, guard), process,
                    CommandPipes.copyInBackground(process, process.getErrorStream(), guard.stderr()));
            inputs.put(command, input);
        }
        return readRecord(input);
    }

    @Override
    public PrintStream jrtSpawnForOutput(String command) {
        sandbox.require(Access.WRITE_COMMAND);
        Output output = outputs.get(command);
        if (output == null) {
            guard.opening(command);
            stdout.flush();
            Process process;
            try {
                process = start(command);
            } catch (IOException e) {
                guard.closed();
                throw new AwkRuntimeException("cannot run \"" + command + "\": " + FileAccess.reason(e));
            }
            output = new Output(new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8), process,
                    List.of(CommandPipes.copyInBackground(process, process.getInputStream(), stdout),
                            CommandPipes.copyInBackground(process, process.getErrorStream(), guard.stderr())));
            outputs.put(command, output);
        }
        return output.stream();
    }

    private Process start(String command) throws IOException {
        Process process = ChildProcesses.start(new ProcessBuilder(SHELL, "-c", command), guard.id());
        guard.register(process);
        return process;
    }

    /** The shell first: in a minimal image the reason is that there is none. */
    private void noteFailure(String primitive, String command, IOException e) {
        guard.stderr().println("awk: " + primitive + ": " + SHELL + ": " + FileAccess.reason(e)
                + " (running \"" + command + "\")");
    }

    // ---- Files ----------------------------------------------------------------------------------------------------

    @Override
    public boolean jrtConsumeFileInput(String filename) throws IOException {
        return getlineFromFile(filename) > 0;
    }

    /**
     * {@code getline < file}: 1 when it read a record, 0 at the end of the file, and -1, as awk, when the file cannot
     * be opened (missing, unreadable, a directory); the reason goes to the run's stderr, since jawk has no
     * {@code ERRNO}. A failed open is tried again at the next getline, as awk does.
     */
    int getlineFromFile(String filename) throws IOException {
        if (filename.isEmpty()) {
            throw new AwkRuntimeException("expression for `<' redirection has null string value");
        }
        if (Sandbox.OWN_INPUTS.contains(filename)) {
            return readStandardInput() ? 1 : 0;
        }
        sandbox.require(Access.READ_FILE);
        Input input = inputs.get(filename);
        if (input == null) {
            guard.opening(filename);
            try {
                input = new Input(new RecordReader(guard.guarded(FileAccess.openForReading(filename)), this::recordSeparator,
                        guard),
                        null, null);
            } catch (IOException e) {
                guard.closed();
                guard.stderr().println("awk: cannot open \"" + filename + "\" for reading: " + FileAccess.reason(e)
                        + " (getline returns -1)");
                return -1;
            }
            inputs.put(filename, input);
        }
        return readRecord(input) ? 1 : 0;
    }

    /**
     * {@code getline < "-"} (or {@code "/dev/stdin"}): the next record of the request's input, which the main input
     * shares, as in awk; leaves NR and FNR.
     */
    private boolean readStandardInput() throws IOException {
        if (standardInput == null) {
            standardInput = new RecordReader(requestInput != null ? requestInput : ((PlaygroundAvm) vm).input(),
                    this::recordSeparator, guard);
        }
        String record = standardInput.readRecord();
        if (record == null) {
            return false;
        }
        setInputLine(record);
        return true;
    }

    /** {@code fflush()}: see {@link PosixFunctions#fflush}. */
    int flush(String name) {
        if (name == null || name.isEmpty()) {
            outputs.values().forEach(output -> output.stream().flush());
            stdout.flush();
            guard.stderr().flush();
            return 0;
        }
        switch (name) {
            case "/dev/stdout", "-" -> stdout.flush();
            case "/dev/stderr" -> guard.stderr().flush();
            default -> {
                Output output = outputs.get(name);
                if (output == null) {
                    return -1;
                }
                output.stream().flush();
            }
        }
        return 0;
    }

    @Override
    public PrintStream jrtGetPrintStream(String filename, boolean append) {
        sandbox.requireWritable(filename);
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
            guard.opening(filename);
            try {
                output = new Output(new PrintStream(guard.budgeted(FileAccess.openForWriting(filename, append)), true,
                        StandardCharsets.UTF_8), null, List.of());
            } catch (IOException e) {
                guard.closed();
                throw new AwkRuntimeException("cannot open \"" + filename + "\" for writing: " + FileAccess.reason(e));
            }
            outputs.put(filename, output);
        }
        return output.stream();
    }

    // ---- Closing --------------------------------------------------------------------------------------------------

    @Override
    public Integer jrtClose(String name) {
        Integer status = -1;
        Output output = outputs.remove(name);
        if (output != null) {
            guard.closed();
            status = output.close();
        }
        Input input = inputs.remove(name);
        if (input != null) {
            guard.closed();
            status = input.close();
        }
        return status;
    }

    /** Called by jawk when a script runs off its end: closes what it opened, waiting for its commands, as awk does. */
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

    /**
     * Called by the run's guard when the run ends however it ends: closes every file and pipe without waiting for
     * commands, which the guard kills next.
     */
    @Override
    public void close() throws IOException {
        for (Output output : outputs.values()) {
            output.stream().close();
        }
        for (Input input : inputs.values()) {
            input.reader().close();
        }
        outputs.clear();
        inputs.clear();
        closeMainInput();
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
        private final RecordReader reader;
        private final Process process;
        private final Thread stderrPump;

        Input(RecordReader reader, Process process, Thread stderrPump) {
            this.reader = reader;
            this.process = process;
            this.stderrPump = stderrPump;
        }

        RecordReader reader() {
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
