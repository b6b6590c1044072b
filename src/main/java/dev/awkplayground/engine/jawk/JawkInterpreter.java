package dev.awkplayground.engine.jawk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.Interpreter;
import dev.awkplayground.engine.RunGuard;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.Sandbox;
import dev.awkplayground.engine.ScriptRejectedException;
import org.metricshub.jawk.Awk;
import org.metricshub.jawk.ExitException;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.jrt.AwkRuntimeException;
import org.metricshub.jawk.util.AwkSettings;

/**
 * The engine's AWK: jawk 5.0.00, adapted (see this package's documentation for what is worked around and why).
 */
public final class JawkInterpreter implements Interpreter {
    /** Built-in variables jawk sets before BEGIN, after it has assigned the -v variables. */
    private static final Set<String> BUILTIN_VARIABLES = Set.of("NF", "NR", "FNR", "OFS", "RSTART", "RLENGTH",
            "FILENAME", "SUBSEP", "CONVFMT", "OFMT");

    /** jawk's message for a negative field number. */
    private static final Pattern BAD_FIELD = Pattern.compile("Field \\$\\((-?\\d+)\\) is incorrect\\.");
    /** Words of Java's own exception messages, which say nothing to an AWK user. */
    private static final Pattern JAVA_WORDS = Pattern.compile(
            "\\b(java|javax|jdk|sun|org\\.metricshub)\\.[a-z]|\\b[A-Z]\\w*(Exception|Error)\\b|Cannot invoke \""
                    + "|because \"|out of bounds for length|cannot be cast to|For input string|\\bis null\\b"
                    + "|\\b[A-Z]\\w*Ast\\b"); // jawk's syntax-tree classes (IDAst)

    private final Mode mode;
    private final ScriptCompiler compiler;
    private final String name;

    /**
     * @param mode          what scripts may do; sandboxed scripts are refused while they compile where they can be
     * @param cachedScripts how many distinct compiled scripts to keep
     */
    public JawkInterpreter(Mode mode, int cachedScripts) {
        JawkState.requireKnownJawk();
        this.mode = mode;
        this.compiler = new ScriptCompiler(mode, cachedScripts);
        this.name = "jawk " + version();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Program compile(String script) {
        return new JawkProgram(script, compiler.compile(script));
    }

    @Override
    public Ending run(Program program, RunRequest request, RunGuard guard) {
        JawkProgram compiled = (JawkProgram) program;
        // ENVIRON is filled only for a script that names it: AWK has no other way to reach it, and jawk's filling
        // throws and catches an exception for every variable of the server's environment, on every run.
        JawkRun run = new JawkRun(guard, mode == Mode.SANDBOXED || !compiled.script().contains("ENVIRON"),
                builtinVariables(request));
        run.bind();
        try {
            // What Awk.invoke does, without building an Awk: its constructor finds the extension's functions by
            // reflection, every time. (PlaygroundAvm.waitForIO, the other half of invoke, does nothing.)
            new PlaygroundAvm(settings(request, guard)).interpret(compiled.tuples());
            return Ending.completed(0);
        } catch (ExitException e) {
            return Ending.completed(e.getCode());
        } catch (Throwable e) {
            Sandbox.Refusal refusal = refusal(e);
            if (refusal != null) {
                throw new ScriptRejectedException(refusal);
            }
            return failure(e, compiled.script());
        } finally {
            run.unbind();
        }
    }

    @Override
    public int cachedScripts() {
        return compiler.size();
    }

    @Override
    public long cacheHits() {
        return compiler.hits();
    }

    private static AwkSettings settings(RunRequest request, RunGuard guard) {
        AwkSettings settings = new AwkSettings();
        settings.setInput(new ByteArrayInputStream(request.input().getBytes(StandardCharsets.UTF_8)));
        settings.setOutputStream(guard.stdout());
        settings.setDefaultRS("\n");
        settings.setDefaultORS("\n");
        // printf4j formats as C's printf does (%d of 3.7 is 3, %c of 65 is A); java.util.Formatter would throw.
        settings.setCatchIllegalFormatExceptions(true);
        settings.setLocale(Locale.US);
        if (request.fieldSeparator() != null) {
            settings.setFieldSeparator(request.fieldSeparator());
        }
        request.variables().forEach((name, value) -> {
            String text = AwkValues.escapesRead(value);
            switch (name) {
                case "FS" -> {
                    if (request.fieldSeparator() == null) {
                        settings.setFieldSeparator(text);
                    }
                }
                case "RS" -> settings.setDefaultRS(text);
                case "ORS" -> settings.setDefaultORS(text);
                default -> settings.putVariable(name, AwkValues.fromText(text));
            }
        });
        return settings;
    }

    /**
     * The request's variables that jawk would overwrite with its own first values: assigned after them, as
     * {@code awk -v} does. FS, RS and ORS go through jawk's settings instead.
     */
    private static Map<String, Object> builtinVariables(RunRequest request) {
        Map<String, Object> builtins = new LinkedHashMap<>();
        request.variables().forEach((name, value) -> {
            if (BUILTIN_VARIABLES.contains(name)) {
                builtins.put(name, AwkValues.fromText(AwkValues.escapesRead(value)));
            }
        });
        return builtins;
    }

    /** A refusal thrown inside the run; jawk wraps what its runtime throws in its own exception. */
    private static Sandbox.Refusal refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Sandbox.Refusal refusal) {
                return refusal;
            }
        }
        return null;
    }

    private static Ending failure(Throwable failure, String script) {
        if (failure instanceof OutOfMemoryError) {
            return Ending.outOfMemory();
        }
        if (failure instanceof StackOverflowError) {
            return Ending.failed("the script overflowed the stack (a regular expression too complex for its input?)",
                    null);
        }
        String message = plainMessage(failure);
        Integer line = failure instanceof AwkRuntimeException awk && awk.getLineNumber() > 0
                ? statementLine(script, awk.getLineNumber(), message) : null;
        return Ending.failed(message, line);
    }

    /** Whether a message holds Java's words (a class name, an exception's phrasing). */
    static boolean namesJava(String message) {
        return JAVA_WORDS.matcher(message).find();
    }

    /**
     * The message of a failure, in AWK's words: jawk's own messages are, but a Java exception that escapes jawk
     * (an empty operand stack, a failed cast) carries Java's words or none, and those never reach the user.
     */
    static String plainMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof ClassCastException && message != null && message.contains("AssocArray")) {
                // jawk checks array and scalar use when it parses, not through parameters: the cast is where it fails
                return message.indexOf("AssocArray") < message.indexOf("cannot be cast")
                        ? "attempt to use an array in a scalar context"
                        : "attempt to use a scalar as an array";
            }
            if ("Cannot evaluate an unindexed array.".equals(message)
                    || "cannot assign anything to an unindexed associative array".equals(message)) {
                return "attempt to use an array in a scalar context";
            }
            Matcher field = message == null ? null : BAD_FIELD.matcher(message);
            if (field != null && field.matches()) {
                return "attempt to access field " + field.group(1);
            }
            if (message != null && !message.isBlank() && !namesJava(message)) {
                return message;
            }
        }
        return "jawk, the AWK interpreter behind the playground, failed inside this statement: an error of jawk's, "
                + "not of the script (try writing the statement another way)";
    }

    /**
     * jawk numbers an instruction with the line its lexer had reached when the statement ended, which is past the
     * newline or closing brace that ended it. Step back over lines holding nothing but braces, blanks or comments.
     * An expression statement such as {@code getline line < "f"} or {@code y = x / 0} is numbered with the line of
     * the token after it, while a {@code print} or a condition is numbered right: so when the error names something
     * (a file that cannot be opened, a division) that the line above holds and this line does not, it is the line
     * above.
     */
    static int statementLine(String script, int reported, String error) {
        String[] lines = script.split("\n", -1);
        int line = Math.min(reported, lines.length);
        while (line > 1 && code(lines[line - 1]).replaceAll("[\\s{}]", "").isEmpty()) {
            line--;
        }
        String failed = failingConstruct(error);
        int above = line - 1;
        while (above > 1 && code(lines[above - 1]).isBlank()) {
            above--;
        }
        if (failed != null && above >= 1 && !code(lines[line - 1]).contains(failed)
                && code(lines[above - 1]).contains(failed)) {
            return above;
        }
        return line;
    }

    static int statementLine(String script, int reported) {
        return statementLine(script, reported, "");
    }

    /** What a line must hold to raise this error, where the error says. */
    private static String failingConstruct(String error) {
        if (error.startsWith("cannot open ") && error.contains("\" for reading") || error.contains("`<' redirection")) {
            return "getline";
        }
        if (error.startsWith("division by zero")) {
            return error.contains("%") ? "%" : "/";
        }
        return null;
    }

    /** A line without its comment (a {@code #} inside a string is rare enough in a failing line to ignore). */
    private static String code(String line) {
        return line.replaceAll("#.*", "");
    }

    /** jawk's manifest has no version; the Maven metadata inside its jar does. */
    private static String version() {
        try (InputStream in = Awk.class.getResourceAsStream("/META-INF/maven/org.metricshub/jawk/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    /** A compiled script, and its text, which errors refer to by line. */
    private record JawkProgram(String script, AwkTuples tuples) implements Program {
    }
}
