package dev.awkplayground.deploy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;

/**
 * scripts/runtime-modules.txt, the one list of the runtime's modules, and what jdeps says the service needs.
 */
final class RuntimeModules {
    private static final Pattern JDK_MODULE = Pattern.compile("-> ((?:java|jdk)\\.[a-z.]+)\\s*$");

    private RuntimeModules() {
    }

    /** The modules install.sh jlinks. */
    static Set<String> listed() {
        return entries(false);
    }

    /** The modules jdeps names that are left out on purpose ("!" lines). */
    static Set<String> excluded() {
        return entries(true);
    }

    private static Set<String> entries(boolean excluded) {
        Set<String> modules = new TreeSet<>();
        for (String line : Project.read("scripts/runtime-modules.txt").lines().toList()) {
            String entry = line.replaceAll("#.*", "").strip();
            if (!entry.isEmpty() && entry.startsWith("!") == excluded) {
                modules.add(excluded ? entry.substring(1) : entry);
            }
        }
        return modules;
    }

    /**
     * The JDK modules jdeps finds in the application jar and in each of its libs (one by one: a lib's modules count
     * even when nothing the jar calls reaches them yet).
     */
    static Set<String> jdeps(Path app) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        Path libs = app.resolve("libs");
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(app), Files.list(libs))) {
            files.filter(file -> file.toString().endsWith(".jar")).forEach(jars::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Set<String> modules = new TreeSet<>();
        for (Path jar : jars) {
            StringWriter out = new StringWriter();
            int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-summary", "--ignore-missing-deps",
                    "--multi-release", String.valueOf(Runtime.version().feature()),
                    "--module-path", libs.toString(), "--class-path", libs + "/*", jar.toString());
            Assertions.assertEquals(0, exit, () -> "jdeps " + jar + ":\n" + out);
            for (String line : out.toString().lines().toList()) {
                Matcher m = JDK_MODULE.matcher(line);
                if (m.find()) {
                    modules.add(m.group(1));
                }
            }
        }
        return modules;
    }
}
