package dev.awkplayground.engine.jawk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

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
        JawkRun run = new JawkRun(guard, mode == Mode.SANDBOXED || !compiled.script().contains("ENVIRON"));
        run.bind();
        try {
            compiler.newAwk().invoke(compiled.tuples(), settings(request, guard));
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
        request.variables().forEach((name, value) -> settings.putVariable(name, AwkValues.fromText(value)));
        return settings;
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
        Integer line = failure instanceof AwkRuntimeException awk && awk.getLineNumber() > 0
                ? statementLine(script, awk.getLineNumber()) : null;
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return Ending.failed(message, line);
    }

    /**
     * jawk numbers an instruction with the line its lexer had reached when the statement ended, which is past the
     * newline or closing brace that ended it. Step back over lines holding nothing but braces, blanks or comments.
     */
    static int statementLine(String script, int reported) {
        String[] lines = script.split("\n", -1);
        int line = Math.min(reported, lines.length);
        while (line > 1 && lines[line - 1].replaceAll("#.*", "").replaceAll("[\\s{}]", "").isEmpty()) {
            line--;
        }
        return line;
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
