package dev.awkplayground.engine;

import java.util.Map;

import dev.awkplayground.config.Mode;
import dev.awkplayground.config.PlaygroundConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Table tests at the engine, with no server in the way (goawk's {@code TestSafeMode} is the model): each row is a
 * script, its input, and what the run must give. A row fails with its name, so a jawk upgrade that breaks a
 * workaround says which one.
 */
public final class EngineTables {
    private EngineTables() {
    }

    /**
     * One row.
     *
     * @param name    what the row pins: the workaround or the sandbox rule
     * @param script  the AWK program
     * @param input   its input
     * @param output  the output it must print, or {@code null} not to check it
     * @param outcome the outcome it must end with
     * @param message a part of the error or stderr it must give, or {@code null}
     */
    public record Row(String name, String script, String input, String output, Outcome outcome, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A row that must be refused before or while it runs, with a 422 and this message. */
    public record Refused(String name, String script, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Two engines of one mode: rows that must time out run on one with a short time limit, so they do so quickly;
     * every other row runs on one whose time limit no run of these tables comes near even on a loaded machine, so
     * that a row which must reach the memory limit, or must fail, cannot time out first.
     */
    public record Engines(AwkEngine quick, AwkEngine patient) implements AutoCloseable {
        public void check(Row row) {
            EngineTables.check(row.outcome() == Outcome.TIMEOUT ? quick : patient, row);
        }

        public void check(Refused row) {
            EngineTables.check(patient, row);
        }

        @Override
        public void close() {
            quick.close();
            patient.close();
        }
    }

    public static Engines engines(Mode mode) {
        return new Engines(engine(mode, "1s"), engine(mode, "10m"));
    }

    /** An engine with a short time limit, so rows that must time out do so quickly. */
    public static AwkEngine engine(Mode mode) {
        return engine(mode, "1s");
    }

    /** An engine with this time limit, such as {@code 10s}, for rows that must never time out. */
    public static AwkEngine engine(Mode mode, String timeLimit) {
        return engine(mode, Map.of("time", timeLimit));
    }

    /**
     * An engine with these limits (keys of {@code playground.limits}, such as {@code time} or {@code output-size}),
     * the others at their defaults but two concurrent runs.
     */
    public static AwkEngine engine(Mode mode, Map<String, String> limits) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("mode", mode.id(), "limits.concurrent-runs", "2"));
        limits.forEach((key, value) -> settings.put("limits." + key, value));
        return new AwkEngine(PlaygroundConfig.create(Config.just(ConfigSources.create(settings))));
    }

    private static void check(AwkEngine engine, Row row) {
        RunResult result = engine.run(RunRequest.of(row.script(), row.input()));
        String all = result.output() + result.stderr() + (result.error() == null ? "" : result.error());
        assertThat(row.name() + ": " + all, result.outcome(), is(row.outcome()));
        if (row.output() != null) {
            assertThat(row.name(), result.output(), is(row.output()));
        }
        if (row.message() != null) {
            assertThat(row.name(), all, containsString(row.message()));
        }
    }

    private static void check(AwkEngine engine, Refused row) {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> engine.run(RunRequest.of(row.script(), "")), row.name());
        assertThat(row.name(), e.reason(), is(ScriptRejectedException.Reason.REFUSED));
        assertThat(row.name(), e.getMessage(), is(row.message()));
    }
}
