package dev.awkplayground.engine;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.jawk.JawkInterpreter;

/**
 * jawk, except for one script, which the test makes do what no AWK script can (spin ignoring interrupts, hold memory
 * no estimate sees): the engine's last lines of defence are tested with it.
 */
abstract class JawkExceptOneScript implements Interpreter {
    private final JawkInterpreter jawk = new JawkInterpreter(Mode.VULNERABLE, 16);
    private final String script;

    JawkExceptOneScript(String script) {
        this.script = script;
    }

    /** What the one script does. */
    abstract Ending runTheScript(RunGuard guard);

    @Override
    public String name() {
        return "a test's " + jawk.name();
    }

    @Override
    public Program compile(String text) {
        return text.equals(script) ? new Program() { } : jawk.compile(text);
    }

    @Override
    public Ending run(Program program, RunRequest request, RunGuard guard) {
        return request.script().equals(script) ? runTheScript(guard) : jawk.run(program, request, guard);
    }

    @Override
    public int cachedScripts() {
        return jawk.cachedScripts();
    }
}
