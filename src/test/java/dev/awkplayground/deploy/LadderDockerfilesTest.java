package dev.awkplayground.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.awkplayground.JvmOptionFile;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The ladder's Dockerfiles, checked offline (no engine, no registry): each parses, each base image names a version,
 * the user each runs as is the one docs/hardening-lab.md's ladder table claims, and the table and scripts/ladder.sh
 * name every file.
 */
class LadderDockerfilesTest {
    /** A row of the table: | rung | `dockerfiles/Dockerfile.X` | `base` | runs as | what it removes | */
    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\|[^|]+\\|\\s*`(dockerfiles/Dockerfile\\.[\\w.-]+)`\\s*\\|\\s*`([^`]+)`\\s*\\|\\s*(\\w+)\\s*\\|");

    private final Map<String, Dockerfiles> dockerfiles = read();

    @Test
    void everyDockerfileParses() {
        assertThat(dockerfiles.keySet(), is(new TreeSet<>(List.of("dockerfiles/Dockerfile.alpine-jre",
                "dockerfiles/Dockerfile.chainguard", "dockerfiles/Dockerfile.distroless", "dockerfiles/Dockerfile.fat",
                "dockerfiles/Dockerfile.ubuntu-jre"))));
        dockerfiles.forEach((file, dockerfile) -> {
            assertThat(file + " starts the service", dockerfile.last().instructions().stream()
                    .anyMatch(i -> i.keyword().matches("CMD|ENTRYPOINT") && i.arguments().contains("-jar")), is(true));
            assertThat(file + " listens on 8080", dockerfile.last().instructions().stream()
                    .anyMatch(i -> i.keyword().equals("EXPOSE") && i.arguments().equals("8080")), is(true));
        });
    }

    /** Every rung starts java with the options every run of the service wants, from their one file, and no others. */
    @Test
    void everyRungStartsJavaWithTheServicesOptionFile() {
        dockerfiles.forEach((file, dockerfile) -> {
            List<String> command = dockerfile.startCommand();
            assertThat(file, command.size(), is(4));
            assertThat(file, command.get(0), is("java"));
            assertThat(file, command.get(1), endsWith("/" + JvmOptionFile.SERVICE.fileName()));
            assertThat(file, command.get(2), is("-jar"));
            List<String> copies = dockerfile.last().instructions().stream()
                    .filter(i -> i.keyword().equals("COPY")).map(Dockerfiles.Instruction::arguments).toList();
            String path = command.get(1).substring(1);
            if (path.startsWith("/")) {
                assertThat(file + " copies the file into the image", copies.stream().anyMatch(copy -> copy.contains(
                        "src/main/jvm/" + JvmOptionFile.SERVICE.fileName())), is(true));
            } else {
                assertThat(file + " copies the sources, the file among them", path,
                        is("src/main/jvm/" + JvmOptionFile.SERVICE.fileName()));
                assertThat(copies, hasItem("src src"));
            }
        });
    }

    @Test
    void theParserRefusesWhatDockerRefuses() {
        assertThrows(IllegalArgumentException.class, () -> Dockerfiles.parse("FORM maven:3\n"));
        assertThrows(IllegalArgumentException.class, () -> Dockerfiles.parse("RUN true\nFROM maven:3\n"));
        assertThrows(IllegalArgumentException.class, () -> Dockerfiles.parse("FROM a:1\nCOPY --from=build x y\n"));
        assertThrows(IllegalArgumentException.class, () -> Dockerfiles.parse("FROM ${BASE}\n"));
        assertThrows(IllegalArgumentException.class, () -> Dockerfiles.parse("FROM a:1\nCMD [\"java\", 1]\n"));
        Dockerfiles ok = Dockerfiles.parse("ARG R\nARG T=2\nFROM b:1 AS build\n# c\nRUN a \\\n  # c\n  b\n"
                + "FROM ${R}/x:${T}\nCOPY --from=build /a /b\nUSER 1:1\n");
        assertThat(ok.last().resolvedBase(), is("${R}/x:2"));
        assertThat(ok.stages().getFirst().instructions().getFirst().arguments(), is("a  b"));
        assertThat(ok.last().user(), is("1:1"));
    }

    @Test
    void everyBaseImageIsPinnedByTag() {
        dockerfiles.forEach((file, dockerfile) -> {
            for (Dockerfiles.Stage stage : dockerfile.stages()) {
                assertThat(file + ": " + stage.resolvedBase(), Dockerfiles.pinned(stage.resolvedBase()), is(true));
            }
        });
        for (String loose : List.of("maven", "maven:latest", "${R}/jre:latest", "${R}/jre:${TAG}", "x:")) {
            assertThat(loose, Dockerfiles.pinned(loose), is(false));
        }
        assertThat(Dockerfiles.pinned("${R}/jre:latest@sha256:0123"), is(true));
    }

    /**
     * A base image's ENTRYPOINT runs before a CMD (the maven image's is a bash script that writes Maven's settings):
     * each rung starts java as its ENTRYPOINT.
     */
    @Test
    void everyRungStartsJavaAsItsEntrypoint() {
        dockerfiles.forEach((file, dockerfile) -> {
            List<Dockerfiles.Instruction> starts = dockerfile.last().instructions().stream()
                    .filter(i -> i.keyword().matches("CMD|ENTRYPOINT")).toList();
            assertThat(file, starts.stream().map(Dockerfiles.Instruction::keyword).toList(), is(List.of("ENTRYPOINT")));
        });
    }

    /** The build image is pinned to an exact Maven release, not a line that moves (3.9). */
    @Test
    void theMavenBaseNamesAnExactMavenVersion() {
        List<String> mavenBases = new ArrayList<>();
        dockerfiles.forEach((file, dockerfile) -> dockerfile.stages().stream().map(Dockerfiles.Stage::resolvedBase)
                .filter(base -> base.startsWith("maven:")).forEach(base -> mavenBases.add(file + ": " + base)));
        assertThat(mavenBases.size(), is(dockerfiles.size()));
        for (String base : mavenBases) {
            assertThat(base, base.matches(".*: maven:\\d+\\.\\d+\\.\\d+-eclipse-temurin-25"), is(true));
        }
    }

    /** The ladder table says who each image runs as; the Dockerfile's last stage must say the same. */
    @Test
    void eachRungRunsAsTheUserTheTableClaims() {
        Map<String, String[]> rows = tableRows();
        assertThat("the table names every Dockerfile", rows.keySet(), is(dockerfiles.keySet()));
        rows.forEach((file, row) -> {
            Dockerfiles.Stage image = dockerfiles.get(file).last();
            assertThat(file + ": the table's base image", image.resolvedBase().replaceFirst("^\\$\\{\\w+}/", ""),
                    is(row[0]));
            String claimed = row[1];
            if (claimed.equals("root")) {
                assertThat(file + " claims root: no USER", image.user(), is(nullValue()));
            } else {
                assertThat(file + " claims uid " + claimed, image.user(), is(claimed + ":" + claimed));
            }
        });
        assertThat("the runtime rungs run as non-root",
                rows.values().stream().filter(row -> !row[1].equals("root")).count(), greaterThanOrEqualTo(4L));
    }

    @Test
    void ladderShBuildsEveryDockerfileAndNamesNoRegistryHost() throws IOException {
        String script = Project.read("scripts/ladder.sh");
        Matcher rungs = Pattern.compile("(?m)^RUNGS=\\(([^)]*)\\)").matcher(script);
        assertThat("scripts/ladder.sh lists its RUNGS", rungs.find(), is(true));
        List<String> files = Arrays.stream(rungs.group(1).trim().split("\\s+"))
                .map(rung -> "dockerfiles/Dockerfile." + rung).toList();
        assertThat(new TreeSet<>(files), is(dockerfiles.keySet()));
        // Registries are build arguments: no host is written into the files.
        List<String> hosts = new ArrayList<>();
        dockerfiles.forEach((file, dockerfile) -> dockerfile.stages().stream()
                .map(Dockerfiles.Stage::base)
                .filter(base -> base.matches("[\\w-]+(\\.[\\w-]+)+(:\\d+)?/.*"))
                .forEach(base -> hosts.add(file + ": " + base)));
        assertThat(hosts, empty());
    }

    @Test
    void theReadmeSendsTheReaderToTheLadder() {
        String readme = Project.read("README.md");
        assertThat(readme, containsString("scripts/ladder.sh"));
        assertThat(readme, containsString("docs/hardening-lab.md"));
        assertThat(readme, containsString("docs/ladder.png"));
    }

    private static Map<String, String[]> tableRows() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Project.read("docs/hardening-lab.md"));
        while (row.find()) {
            rows.put(row.group(1), new String[] {row.group(2), row.group(3)});
        }
        return rows;
    }

    private static Map<String, Dockerfiles> read() {
        Map<String, Dockerfiles> parsed = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Project.file("dockerfiles"))) {
            for (Path file : files.sorted().toList()) {
                String name = "dockerfiles/" + file.getFileName();
                try {
                    parsed.put(name, Dockerfiles.parse(Files.readString(file)));
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(name + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new java.util.TreeMap<>(parsed);
    }
}
