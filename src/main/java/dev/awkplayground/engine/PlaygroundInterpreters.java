package dev.awkplayground.engine;

import java.io.IOException;
import java.util.Map;

import org.metricshub.jawk.ExitException;
import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.backend.SandboxedAVM;
import org.metricshub.jawk.ext.ExtensionFunction;
import org.metricshub.jawk.ext.JawkExtension;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.jrt.JRT;
import org.metricshub.jawk.util.AwkSettings;

/**
 * jawk's interpreters, one per mode, told about the run they belong to. Each registers with the run's guard while it
 * interprets (so its state counts toward the memory limit), compiles the scripts of {@code exec()} into guarded
 * tuples, and creates interpreters of its own kind for them.
 */
final class PlaygroundInterpreters {
    private PlaygroundInterpreters() {
    }

    /** What {@link AVM#interpret} does, as a lambda. */
    @FunctionalInterface
    private interface Interpretation {
        void run() throws ExitException, IOException;
    }

    /** Runs an interpreter with its state registered with the run's guard. */
    private static void whileRegistered(AVM avm, Interpretation interpretation) throws ExitException, IOException {
        RunGuard guard = RunGuard.current();
        guard.enter(avm);
        try {
            interpretation.run();
        } finally {
            guard.leave(avm);
        }
    }

    /** Vulnerable mode: jawk's full runtime, with commands and files handled by {@link PlaygroundJrt}. */
    static final class Vulnerable extends AVM {
        Vulnerable(AwkSettings settings) {
            super(settings, Map.of(), Map.of());
        }

        @Override
        protected JRT createJrt() {
            return new PlaygroundJrt(this, RunGuard.current());
        }

        @Override
        protected AwkTuples createTuples() {
            return new GuardedTuples();
        }

        @Override
        protected AVM createSubAvm(AwkSettings settings,
                                   Map<String, JawkExtension> extensionInstances,
                                   Map<String, ExtensionFunction> extensionFunctions) {
            return new Vulnerable(settings);
        }

        @Override
        public void interpret(AwkTuples tuples) throws ExitException, IOException {
            whileRegistered(this, () -> super.interpret(tuples));
        }
    }

    /** Sandboxed mode: jawk's sandboxed runtime, which refuses commands and files again at run time. */
    static final class Sandboxed extends SandboxedAVM {
        Sandboxed(AwkSettings settings) {
            super(settings, Map.of(), Map.of());
        }

        @Override
        protected AwkTuples createTuples() {
            return new GuardedTuples.Sandboxed();
        }

        @Override
        protected AVM createSubAvm(AwkSettings settings,
                                   Map<String, JawkExtension> extensionInstances,
                                   Map<String, ExtensionFunction> extensionFunctions) {
            return new Sandboxed(settings);
        }

        @Override
        public void interpret(AwkTuples tuples) throws ExitException, IOException {
            whileRegistered(this, () -> super.interpret(tuples));
        }
    }
}
