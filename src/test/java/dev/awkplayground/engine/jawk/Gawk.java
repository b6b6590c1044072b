package dev.awkplayground.engine.jawk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * gawk, the oracle of the engine's AWK tests: what one run of it printed and how it ended.
 *
 * @param status its exit status
 * @param stdout its standard output
 * @param stderr its standard error
 */
record Gawk(int status, String stdout, String stderr) {
    static final Path PATH = Path.of("/usr/bin/gawk");

    /**
     * Runs {@code gawk arguments...} in {@code dir} with {@code LC_ALL=C.UTF-8}, reading {@code input}, its output
     * kept in {@code dir}; fails the test if it has not ended after {@code timeoutSeconds}.
     */
    static Gawk run(List<String> arguments, Path dir, Path input, long timeoutSeconds, String what) throws Exception {
        List<String> command = new ArrayList<>(List.of(PATH.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(input.toFile())
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail(what + ": gawk did not end within " + timeoutSeconds + " s");
        }
        return new Gawk(process.exitValue(), read(dir.resolve("out")), read(dir.resolve("err")));
    }

    /** Skips the test, saying why, when {@code present} is false; under {@code CI=true} fails it instead. */
    static void require(boolean present, String message) {
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: a missing tool fails the test)");
            }
            Assumptions.abort(message);
        }
    }

    /** A file's text, leniently: not every byte of the tests' data is UTF-8. */
    static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
