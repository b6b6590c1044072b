package dev.awkplayground.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's deployment files and the tools the deployment tests drive: kubectl, jlink, bash.
 */
final class Project {
    /** The repository: Maven runs the tests in the project's base directory. */
    static final Path ROOT = Path.of("").toAbsolutePath();

    private Project() {
    }

    static Path file(String relative) {
        Path path = ROOT.resolve(relative);
        Assertions.assertTrue(Files.exists(path), "missing " + relative + " (tests run in the project directory)");
        return path;
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new AssertionError(relative, e);
        }
    }

    /**
     * The repository's own files, relative to it: all but git's, build output and what .gitignore keeps out of git.
     */
    static List<Path> files() {
        Set<String> skipped = Set.of(".git", "target", "packages", "melange-cache", ".idea", ".vscode");
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return skipped.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(ROOT.relativize(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return files;
    }

    /**
     * A YAML file as maps, lists and scalars. Duplicate keys are refused, as the tools' Go decoder (yaml.v3) refuses
     * them.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new SafeConstructor(options)).load(read(relative));
        Assertions.assertInstanceOf(Map.class, document, relative + " is not a YAML mapping");
        return (Map<String, Object>) document;
    }

    /**
     * An executable this test needs. Missing, it fails the test under CI=true (CI must run every test) and skips it
     * elsewhere.
     */
    static Path tool(String name, Path... usualPlaces) {
        Optional<Path> found = Stream.concat(Stream.of(usualPlaces),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                                .filter(dir -> !dir.isEmpty())
                                .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = name + " is not installed";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: a missing tool fails the test)");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    /**
     * A folder for a script's PATH that holds only the host programs named (links to them), so the script meets the
     * stand-ins a test puts beside them rather than real tools.
     */
    static Path binWith(Path folder, List<String> hostPrograms) throws IOException {
        Path bin = Files.createDirectories(folder);
        for (String program : hostPrograms) {
            Files.createSymbolicLink(bin.resolve(program), tool(program, Path.of("/usr/bin", program)));
        }
        return bin;
    }

    /** The JDK the tests run on (Temurin 25 in CI): its jlink and jdeps. */
    static Path jdkTool(String name) {
        return tool(name, Path.of(System.getProperty("java.home"), "bin", name));
    }

    /** What a finished command printed (standard output and error together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs a command to its end in a directory, with extra environment variables.
     */
    static Result run(Path directory, Map<String, String> environment, Duration timeout, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                Assertions.fail("timed out: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a command that must succeed, and returns what it printed. */
    static String runOk(Path directory, Map<String, String> environment, Duration timeout, String... command) {
        Result result = run(directory, environment, timeout, List.of(command));
        Assertions.assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " failed:\n" + result.output());
        return result.output();
    }
}
