package dev.awkplayground.lab;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The lab's own programs (scripts/lab/), run as scripts/lab.sh runs them, on a root filesystem and a probe result made
 * here: the inventory counts what is there, the matrix derives what stopped each attack, the chart draws it. No
 * podman needed; HardeningLabIT runs them on the real images.
 */
class LabToolsTest {
    @TempDir
    Path work;

    @Test
    void theInventoryCountsProgramsSetuidFilesShellsAndPackages() throws Exception {
        Path rootfs = Files.createDirectories(work.resolve("rootfs/usr/bin"));
        Files.createDirectories(work.resolve("rootfs/usr/lib"));
        Files.createDirectories(work.resolve("rootfs/var/lib/dpkg"));
        Files.createDirectories(work.resolve("rootfs/proc/1"));
        Path root = work.resolve("rootfs");
        Files.copy(Path.of("/usr/bin/dash"), root.resolve("usr/bin/dash"));
        Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("dash"));
        Files.copy(Path.of("/usr/bin/dash"), root.resolve("usr/bin/passwd"));
        Files.setAttribute(root.resolve("usr/bin/passwd"), "unix:mode", 04755);
        Files.writeString(root.resolve("usr/bin/perl"), "#!/bin/sh\n"); // named like one, not ELF
        Files.setPosixFilePermissions(root.resolve("usr/bin/perl"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // A shared library is ELF and often executable, but not a program: no interpreter.
        Path libz = Path.of("/usr/lib/x86_64-linux-gnu/libz.so.1").toRealPath();
        Files.copy(libz, root.resolve("usr/lib/libz.so.1"));
        Files.setPosixFilePermissions(root.resolve("usr/lib/libz.so.1"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("proc/1/environ"), "not in an image");
        Files.writeString(root.resolve("var/lib/dpkg/status"), """
                Package: dash
                Status: install ok installed

                Package: perl-base
                Status: install ok installed

                Package: curl
                Status: deinstall ok config-files
                """);
        Path empty = Files.createDirectories(work.resolve("empty/app"));
        Files.writeString(empty.resolve("app.jar"), "jar");

        Path out = work.resolve("out");
        run(List.of(), "scripts/lab/Ladder.java", "measure", out.toString(), "debian", "a Debian", root.toString(),
                "2000000", "1000000");
        run(List.of(), "scripts/lab/Ladder.java", "measure", out.toString(), "bare", "nothing", empty.getParent()
                .toString(), "1000", "500");
        String table = run(List.of(), "scripts/lab/Ladder.java", "table", out.toString(), "Measured here.", "debian",
                "bare");

        JsonObject debian = json(out.resolve("ladder.json")).getJsonArray("rungs").getJsonObject(0);
        assertThat(debian.getInt("files"), is(5));
        assertThat("dash and passwd, not the script or the library", debian.getInt("elfExecutables"), is(2));
        assertThat(strings(debian, "setuidFiles"), is(List.of("/usr/bin/passwd")));
        assertThat(strings(debian, "shells"), is(List.of("/usr/bin/dash", "/usr/bin/sh")));
        assertThat(strings(debian, "interpreters"), is(List.of("/usr/bin/perl")));
        assertThat(strings(debian, "packageManagers"), is(List.of()));
        assertThat("installed, not removed", debian.getInt("packages"), is(2));
        assertThat(debian.getJsonNumber("imageBytes").longValue(), is(2000000L));
        JsonObject bare = json(out.resolve("ladder.json")).getJsonArray("rungs").getJsonObject(1);
        assertThat(bare.getInt("packages"), is(-1));
        assertThat(bare.getInt("elfExecutables"), is(0));
        assertThat(table, containsString("| debian | a Debian | 2.0 MB | 1.0 MB | 5 | 2 | 1: /usr/bin/passwd | "
                + "2: dash, sh | 0 | 1: perl | 0 | 2 |"));
        assertThat(table, containsString("| bare | nothing | 0.0 MB | 0.0 MB | 1 | 0 | 0 | 0 | 0 | 0 | 0 | no database |"));
    }

    @Test
    void theMatrixSaysWhichLayerStoppedEachAttackFromTheResultsAlone() throws Exception {
        Path out = work.resolve("out");
        String printed = matrix(out);

        Map<String, JsonObject> rows = new java.util.LinkedHashMap<>();
        JsonObject scorecard = json(out.resolve("scorecard.json"));
        scorecard.getJsonArray("attacks").getValuesAs(JsonObject.class).forEach(a -> rows.put(a.getString("attack"), a));
        assertThat(strings(rows.get("run-command"), "stoppedBy"), is(List.of("image: no shell (minimal)")));
        assertThat(strings(rows.get("write-root"), "stoppedBy"),
                is(List.of("pod spec: read-only root filesystem (fat, minimal)")));
        assertThat(strings(rows.get("read-shadow"), "stoppedBy"),
                is(List.of("pod spec: non-root user (fat)", "image: not in the image (minimal)")));
        assertThat(strings(rows.get("read-passwd"), "stoppedBy"), is(List.of("no layer: it worked in every column")));
        assertThat(strings(rows.get("sa-token"), "stoppedBy"), is(List.of("nothing to find here: it worked in no column")));
        List<Integer> worked = new ArrayList<>();
        scorecard.getJsonArray("columns").getValuesAs(JsonObject.class).forEach(c -> worked.add(c.getInt("worked")));
        assertThat("fat/insecure, fat/hardened, minimal/insecure, minimal/hardened", worked, is(List.of(4, 2, 2, 1)));
        assertThat(printed, containsString("fat/insecure=4 fat/hardened=2 minimal/insecure=2 minimal/hardened=1 (of 5)"));
        String markdown = Files.readString(out.resolve("scorecard.md"));
        assertThat(markdown, containsString("| attack | tries | fat/insecure | fat/hardened | minimal/insecure | "
                + "minimal/hardened | what stopped it |"));
        assertThat(markdown, containsString("| **attacks that worked** | | **4** of 5 | **2** of 5 | **2** of 5 | **1** of 5 |"));
    }

    @Test
    void theChartsAreDrawnHeadlessFromTheJson() throws Exception {
        Path out = work.resolve("out");
        matrix(out);
        Files.writeString(out.resolve("ladder.json"), """
                {"title": "t", "rungs": [
                  {"rung": "fat", "description": "d", "imageBytes": 1000000000, "compressedBytes": 400000000},
                  {"rung": "minimal", "description": "d", "imageBytes": 100000000, "compressedBytes": 40000000}]}
                """);
        run(List.of(jarOf(Yaml.class)), "scripts/lab/Chart.java",
                out.resolve("ladder.json").toString(), out.resolve("scorecard.json").toString(), out.toString());

        BufferedImage ladder = ImageIO.read(out.resolve("ladder.png").toFile());
        assertThat("16:9 for a slide", ladder.getWidth() * 9, is(ladder.getHeight() * 16));
        String ladderSvg = Files.readString(out.resolve("ladder.svg"));
        assertThat(ladderSvg, containsString("viewBox=\"0 0 1920 1080\""));
        // Linear: the bars' heights are in the ratio of the sizes, 1000 MB to 100 MB.
        List<Double> bars = new ArrayList<>();
        java.util.regex.Matcher bar = java.util.regex.Pattern
                .compile("<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"[0-9.]+\" height=\"([0-9.]+)\" fill=\"#455a64\"")
                .matcher(ladderSvg);
        while (bar.find()) {
            bars.add(Double.parseDouble(bar.group(1)));
        }
        assertThat(bars.size(), is(2));
        assertThat(Math.round(bars.get(0) / bars.get(1)), is(10L));

        BufferedImage matrix = ImageIO.read(out.resolve("matrix.png").toFile());
        assertThat("a red cell for each attack that worked", count(matrix, new Color(0xC6, 0x28, 0x28)),
                greaterThan(1000));
        String matrixSvg = Files.readString(out.resolve("matrix.svg"));
        // Five attacks in four columns: every cell says its result in words; sa-token worked nowhere.
        int works = occurrences(matrixSvg, ">works</text>");
        int blocked = occurrences(matrixSvg, ">blocked</text>");
        int nothing = occurrences(matrixSvg, ">nothing to find</text>");
        assertThat(works + blocked + nothing, is(20));
        assertThat(nothing, is(4));
        assertThat("fat/insecure=4 fat/hardened=2 minimal/insecure=2 minimal/hardened=1", works, is(9));
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** What a speaker reads before a talk: prerequisites, where the download is kept, the time, --keep and --stop. */
    @Test
    void labHelpSaysWhatItNeedsWhereItCachesAndHowLong() throws Exception {
        Process help = new ProcessBuilder("bash", "scripts/lab.sh", "--help").redirectErrorStream(true).start();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(), is(0));
        for (String needed : List.of("root", "podman", "runc", "slirp4netns", "debootstrap", "kubectl", "JDK 25",
                "/var/cache/awk-playground-lab", "outside target/", "about 4 minutes", "--keep", "--stop",
                "CONTAINERS_CONF=/var/cache/awk-playground-lab/containers.conf podman run")) {
            assertThat(text, containsString(needed));
        }
    }

    /** Without kubectl (root only: the lab checks for root first), the message says kubectl is not Debian's. */
    @Test
    void aMissingKubectlIsNamedTruthfully() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        for (String tool : List.of("podman", "runc", "slirp4netns", "debootstrap", "gzip", "curl", "flock", "id",
                "dirname")) {
            Path real = java.util.stream.Stream.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")
                    .map(folder -> Path.of(folder, tool)).filter(Files::isExecutable).findFirst()
                    .orElse(Path.of("/usr/bin", tool));
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        ProcessBuilder lab = new ProcessBuilder("/bin/bash", "scripts/lab.sh").redirectErrorStream(true);
        lab.environment().put("PATH", bin.toString());
        Process process = lab.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(), is(1));
        boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        assertThat(text, containsString(root ? "kubectl is not installed; it is not a Debian package" : "run as root"));
    }

    @Test
    void updateDocsReplacesOnlyTheMarkedSection() throws Exception {
        Path doc = work.resolve("doc.md");
        Files.writeString(doc, "intro\n<!-- lab:ladder -->\nold\n<!-- /lab:ladder -->\nafter\n");
        Path table = Files.writeString(work.resolve("table.md"), "| new |\n\n");
        run(List.of(jarOf(Yaml.class)), "scripts/lab/LabFiles.java", "splice", doc.toString(), "ladder",
                table.toString());
        assertThat(Files.readString(doc), is("intro\n<!-- lab:ladder -->\n| new |\n<!-- /lab:ladder -->\nafter\n"));
    }

    /** Matrix.java run on {@link #writeProbe}'s results, into OUT; returns what it printed. */
    private static String matrix(Path out) throws Exception {
        Files.createDirectories(out);
        writeProbe(out.resolve("probe.json"));
        return run(List.of(jarOf(Yaml.class)), "scripts/lab/Matrix.java", out.resolve("probe.json").toString(),
                out.toString(), "A heading.");
    }

    /** Five attacks on two images under two pod specs, with the evidence shapes the real probe reports. */
    private static void writeProbe(Path file) throws IOException {
        String[] columns = {"fat/insecure", "fat/hardened", "minimal/insecure", "minimal/hardened"};
        String[][] rows = {
                {"run-command", "w:uid=0(root)", "w:uid=65532", "b:awk: system: /bin/sh: No such file or directory",
                        "b:awk: system: /bin/sh: No such file or directory"},
                {"write-root", "w:written", "b:cannot open \\\"/x\\\" for writing: Read-only file system", "w:written",
                        "b:cannot open \\\"/x\\\" for writing: Read-only file system"},
                {"read-shadow", "w:18 entries", "b:cannot open \\\"/etc/shadow\\\" for reading: Permission denied",
                        "b:cannot open \\\"/etc/shadow\\\" for reading: No such file or directory",
                        "b:cannot open \\\"/etc/shadow\\\" for reading: No such file or directory"},
                {"read-passwd", "w:18 accounts", "w:18 accounts", "w:2 accounts", "w:2 accounts"},
                {"sa-token", "b:no output", "b:no output", "b:no output", "b:no output"}};
        StringBuilder json = new StringBuilder("{\"targets\": [\"fat/insecure\", \"fat/hardened\", "
                + "\"minimal/insecure\", \"minimal/hardened\"],\n \"attacks\": [\n");
        for (int r = 0; r < rows.length; r++) {
            json.append("  {\"attack\": \"").append(rows[r][0]).append("\", \"category\": \"c\", \"tries\": \"try ")
                    .append(rows[r][0]).append("\", \"results\": {");
            for (int c = 0; c < columns.length; c++) {
                String cell = rows[r][c + 1];
                json.append(c > 0 ? ", " : "").append('"').append(columns[c]).append("\": {\"result\": \"")
                        .append(cell.startsWith("w:") ? "works" : "blocked").append("\", \"evidence\": \"")
                        .append(cell.substring(2)).append("\"}");
            }
            json.append("}}").append(r < rows.length - 1 ? ",\n" : "\n");
        }
        Files.writeString(file, json.append(" ]}\n"));
    }

    private static int count(BufferedImage image, Color color) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += image.getRGB(x, y) == color.getRGB() ? 1 : 0;
            }
        }
        return n;
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObject json(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            return reader.readObject();
        }
    }

    /** Runs a program of scripts/lab/ with the JDK's source launcher, as scripts/lab.sh does; returns its output. */
    private static String run(List<String> classPath, String program, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true"));
        if (!classPath.isEmpty()) {
            command.addAll(List.of("-cp", String.join(":", classPath)));
        }
        command.add(program);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat("finished", process.waitFor(2, TimeUnit.MINUTES), is(true));
        assertThat(output, process.exitValue(), is(0));
        return output;
    }
}
