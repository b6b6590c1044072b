package dev.awkplayground.lab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives scripts/lab.sh for real (debootstrap, podman, both pod specs, every rung) and pins what it measured: the
 * ladder's inventory, rung by rung, and the defence-in-depth matrix, combination by combination: what each image
 * under each pod spec hands an attacker, what it blocks, and what no layer blocks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningLabIT {
    private static final List<String> RUNGS = List.of("fat", "debian-jre", "slim-jlink", "minimal");
    private static final List<String> COMMAND_ATTACKS = List.of("run-command", "spawn-shell", "command-pipe",
            "package-manager", "downloader", "interpreter", "setuid-binaries", "open-connection");
    private final Map<String, JsonObject> rungs = new LinkedHashMap<>();
    private final Map<String, JsonObject> attacks = new LinkedHashMap<>();
    private final Map<String, Integer> worked = new LinkedHashMap<>();
    private String markdown;

    @BeforeAll
    void runTheLab() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("podman", "runc", "slirp4netns", "debootstrap", "kubectl")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip());
        String why = !missing.isEmpty() ? "not installed: " + missing : !root ? "the lab needs root" : null;
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("the hardening lab cannot run: " + why + " (scripts/test.sh installs it)");
            }
            assumeTrue(false, "skipped: " + why);
        }

        ProcessBuilder lab = new ProcessBuilder("scripts/lab.sh").redirectErrorStream(true)
                .redirectOutput(Path.of("target", "lab-run.log").toFile());
        lab.environment().put("LAB_SKIP_BUILD", "1");
        long start = System.nanoTime();
        Process process = lab.start();
        if (!process.waitFor(25, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the lab did not finish in 25 minutes; see target/lab-run.log");
        }
        String log = Files.readString(Path.of("target", "lab-run.log"));
        assertThat(log, process.exitValue(), is(0));
        System.out.println("scripts/lab.sh took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s");

        for (JsonObject rung : json("ladder.json").getJsonArray("rungs").getValuesAs(JsonObject.class)) {
            rungs.put(rung.getString("rung"), rung);
        }
        JsonObject scorecard = json("scorecard.json");
        for (JsonObject attack : scorecard.getJsonArray("attacks").getValuesAs(JsonObject.class)) {
            attacks.put(attack.getString("attack"), attack);
        }
        for (JsonObject column : scorecard.getJsonArray("columns").getValuesAs(JsonObject.class)) {
            worked.put(column.getString("column"), column.getInt("worked"));
        }
        markdown = Files.readString(Path.of("target", "lab", "scorecard.md"));
    }

    // --- The ladder ------------------------------------------------------------------------------------------------

    @Test
    void everyRungIsSmallerAndHasFewerProgramsThanTheOneAboveIt() {
        assertThat(List.copyOf(rungs.keySet()), is(RUNGS));
        for (int i = 1; i < RUNGS.size(); i++) {
            JsonObject above = rungs.get(RUNGS.get(i - 1));
            JsonObject rung = rungs.get(RUNGS.get(i));
            assertThat(RUNGS.get(i) + " ELF executables", rung.getInt("elfExecutables"),
                    lessThan(above.getInt("elfExecutables")));
            assertThat(RUNGS.get(i) + " size", rung.getJsonNumber("imageBytes").longValue(),
                    lessThan(above.getJsonNumber("imageBytes").longValue()));
            assertThat(RUNGS.get(i) + " compressed", rung.getJsonNumber("compressedBytes").longValue(),
                    lessThan(rung.getJsonNumber("imageBytes").longValue()));
        }
    }

    @Test
    void theFatRungHasEverythingAnAttackerLooksFor() {
        JsonObject fat = rungs.get("fat");
        assertThat(names(fat, "shells"), hasItem("/usr/bin/bash"));
        assertThat(names(fat, "packageManagers"), hasItem("/usr/bin/apt-get"));
        assertThat(names(fat, "downloaders"), hasItem("/usr/bin/curl"));
        assertThat(names(fat, "interpreters"), hasItem("/usr/bin/perl"));
        assertThat(names(fat, "interpreters"), hasItem("/opt/java/bin/jshell"));
        assertThat(names(fat, "setuidFiles"), hasItem("/usr/bin/passwd"));
        assertThat(fat.getInt("packages"), greaterThan(50));
        assertThat("the slim rung dropped curl", names(rungs.get("slim-jlink"), "downloaders"), is(empty()));
    }

    @Test
    void theStandInHasNoShellNoPackageManagerAndNoSetuidFile() {
        JsonObject minimal = rungs.get("minimal");
        assertThat(names(minimal, "shells"), is(empty()));
        assertThat(names(minimal, "packageManagers"), is(empty()));
        assertThat(names(minimal, "setuidFiles"), is(empty()));
        assertThat(names(minimal, "downloaders"), is(empty()));
        assertThat("no package database: nothing installed the apk or dpkg way", minimal.getInt("packages"), is(-1));
        assertThat(minimal.getInt("elfExecutables"), lessThan(10));
    }

    // --- The matrix ------------------------------------------------------------------------------------------------

    @Test
    void theFatImageOnTheInsecurePodHandsOverCommandsRootAndTheRootFilesystem() {
        for (String attack : List.of("run-command", "spawn-shell", "root-user", "capabilities", "package-manager",
                "write-root", "write-usr-lib", "read-shadow", "downloader", "interpreter", "open-connection")) {
            assertThat(attack, result("fat/insecure", attack), is("works"));
        }
        assertThat(evidence("fat/insecure", "run-command"), startsWith("uid=0(root)"));
        assertThat(evidence("fat/insecure", "package-manager"), is("/usr/bin/apt-get"));
    }

    /** The pod spec alone: commands still run, but not as root, and only /tmp is writable. */
    @Test
    void theFatImageOnTheHardenedPodRunsIdButNotAsRootAndCannotWriteTheRoot() {
        assertThat(result("fat/hardened", "run-command"), is("works"));
        assertThat(evidence("fat/hardened", "run-command"), startsWith("uid=65532"));
        for (String attack : List.of("write-root", "write-usr-lib")) {
            assertThat(attack, result("fat/hardened", attack), is("blocked"));
            assertThat(attack, evidence("fat/hardened", attack), containsString("Read-only file system"));
        }
        assertThat(result("fat/hardened", "root-user"), is("blocked"));
        assertThat(evidence("fat/hardened", "capabilities"), is("CapEff: 0000000000000000"));
        assertThat(evidence("fat/hardened", "read-shadow"), containsString("Permission denied"));
        assertThat("the tools are still there to use", result("fat/hardened", "package-manager"), is("works"));
    }

    /** The image alone: no command runs, yet the pod's root user still writes to /: that row is the lesson. */
    @Test
    void theMinimalImageOnTheInsecurePodRunsNoCommandButStillWritesTheRootAsRoot() {
        for (String attack : COMMAND_ATTACKS) {
            assertThat(attack, result("minimal/insecure", attack), is("blocked"));
            assertThat(attack, evidence("minimal/insecure", attack), containsString("/bin/sh: No such file"));
        }
        assertThat(result("minimal/insecure", "root-user"), is("works"));
        assertThat(evidence("minimal/insecure", "root-user"), is("Uid: 0 0 0 0"));
        assertThat(result("minimal/insecure", "write-root"), is("works"));
        assertThat(result("minimal/insecure", "write-usr-lib"), is("works"));
    }

    @Test
    void theMinimalImageOnTheHardenedPodLeavesOnlyWhatNoLayerStops() {
        for (String attack : COMMAND_ATTACKS) {
            assertThat(attack, result("minimal/hardened", attack), is("blocked"));
        }
        assertThat(evidence("minimal/hardened", "root-user"), is("Uid: 65532 65532 65532 65532"));
        assertThat(evidence("minimal/hardened", "capabilities"), is("CapEff: 0000000000000000"));
        assertThat(evidence("minimal/hardened", "write-root"), containsString("Read-only file system"));
        // Hardening limits the damage; the hole is still there.
        for (String attack : List.of("read-passwd", "read-pid1-environ", "write-tmp")) {
            assertThat(attack, result("minimal/hardened", attack), is("works"));
        }
    }

    @Test
    void whatStoppedEachAttackIsDerivedFromTheColumns() {
        assertThat(stoppedBy("run-command"), is(List.of("image: no shell (minimal)")));
        assertThat(stoppedBy("root-user"), is(List.of("pod spec: non-root user (fat, debian-jre, slim-jlink, minimal)")));
        assertThat(stoppedBy("write-root"),
                is(List.of("pod spec: read-only root filesystem (fat, debian-jre, slim-jlink, minimal)")));
        assertThat(stoppedBy("capabilities"), is(List.of("pod spec: no capabilities (fat, debian-jre, slim-jlink, minimal)")));
        assertThat(stoppedBy("read-passwd"), is(List.of("no layer: it worked in every column")));
        assertThat(stoppedBy("write-tmp"), is(List.of("no layer: it worked in every column")));
        assertThat("podman has no service-account token", stoppedBy("sa-token"),
                is(List.of("nothing to find here: it worked in no column")));
    }

    @Test
    void eachLayerLowersTheCountAndBothTogetherLeaveTheFewest() {
        for (String rung : RUNGS) {
            assertThat(rung, worked.get(rung + "/hardened"), lessThan(worked.get(rung + "/insecure")));
        }
        assertThat(worked.get("minimal/insecure"), lessThan(worked.get("fat/insecure")));
        int fewest = worked.values().stream().min(Integer::compare).orElseThrow();
        assertThat(worked.get("minimal/hardened"), is(fewest));
        assertThat(worked.values().stream().filter(n -> n == fewest).count(), is(1L));
    }

    @Test
    void theScorecardHasAColumnPerCombinationAndTheSummaryAndTheChartsAreDrawn() throws IOException {
        assertThat(markdown, containsString("| attack | tries | fat/insecure | fat/hardened | debian-jre/insecure | "
                + "debian-jre/hardened | slim-jlink/insecure | slim-jlink/hardened | minimal/insecure | "
                + "minimal/hardened | what stopped it |"));
        assertThat(markdown, containsString("| **attacks that worked** | | **" + worked.get("fat/insecure") + "** of "));
        for (String chart : List.of("ladder.png", "matrix.png")) {
            var image = ImageIO.read(Path.of("target", "lab", chart).toFile());
            assertThat(chart, image.getWidth(), greaterThan(800));
        }
        assertThat(Files.readString(Path.of("target", "lab", "ladder.md")), not(containsString("NaN")));
    }

    private String result(String column, String attack) {
        return cell(column, attack).getString("result");
    }

    private String evidence(String column, String attack) {
        return cell(column, attack).getString("evidence");
    }

    private JsonObject cell(String column, String attack) {
        JsonObject row = attacks.get(attack);
        assertThat("attack " + attack, row != null, is(true));
        JsonObject cell = row.getJsonObject("results").getJsonObject(column);
        assertThat("column " + column, cell != null, is(true));
        return cell;
    }

    private List<String> stoppedBy(String attack) {
        return names(attacks.get(attack), "stoppedBy");
    }

    private static List<String> names(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObject json(String file) throws IOException {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(
                Files.readAllBytes(Path.of("target", "lab", file))))) {
            return reader.readObject();
        }
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
