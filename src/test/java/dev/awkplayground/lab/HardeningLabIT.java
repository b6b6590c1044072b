package dev.awkplayground.lab;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.demo.ProbeRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives scripts/lab.sh for real (podman, debootstrap, both Deployments) and pins its scorecard, attack by attack:
 * what the fat image on a default pod hands an attacker, what the stand-in for the apko image on the hardened pod
 * leaves, and what stays possible there, since hardening limits the damage of the hole without closing it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningLabIT {
    private static final List<String> COMMAND_ATTACKS = List.of("run-command", "spawn-shell", "command-pipe",
            "package-manager", "downloader", "interpreter", "setuid-binaries", "open-connection");
    private ProbeRunner.ProbeRun scorecard;
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
        lab.environment().put("LAB_FAT_PORT", String.valueOf(freePort()));
        lab.environment().put("LAB_HARDENED_PORT", String.valueOf(freePort()));
        Process process = lab.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the lab did not finish in 15 minutes; see target/lab-run.log");
        }
        String log = Files.readString(Path.of("target", "lab-run.log"));
        assertThat(log, process.exitValue(), is(0));
        scorecard = new ProbeRunner.ProbeRun(0, log,
                ProbeRunner.findings(Files.readString(Path.of("target", "lab", "scorecard.json"))));
        markdown = Files.readString(Path.of("target", "lab", "scorecard.md"));
    }

    @Test
    void theFatPodHandsOverCommandsAShellRootAPackageManagerAndTheRootFilesystem() {
        for (String attack : List.of("run-command", "spawn-shell", "root-user", "capabilities", "package-manager",
                "write-root", "write-usr-lib", "read-shadow", "downloader", "interpreter", "open-connection")) {
            assertThat(attack, scorecard.result("fat", attack), is("works"));
        }
        assertThat(scorecard.evidence("fat", "run-command"), startsWith("uid=0(root)"));
        assertThat(scorecard.evidence("fat", "package-manager"), is("/usr/bin/apt-get"));
    }

    @Test
    void theHardenedPodRunsNoCommandsForThereIsNoShell() {
        for (String attack : COMMAND_ATTACKS) {
            assertThat(attack, scorecard.result("hardened", attack), is("blocked"));
            assertThat(attack, scorecard.evidence("hardened", attack),
                    startsWith("awk: " + (attack.equals("command-pipe") ? "getline" : "system")
                            + ": /bin/sh: No such file or directory"));
        }
    }

    @Test
    void theHardenedPodIsNotRootAndHoldsNoCapabilities() {
        assertThat(scorecard.result("hardened", "root-user"), is("blocked"));
        assertThat(scorecard.evidence("hardened", "root-user"), is("Uid: 65532 65532 65532 65532"));
        assertThat(scorecard.result("hardened", "capabilities"), is("blocked"));
        assertThat(scorecard.evidence("hardened", "capabilities"), is("CapEff: 0000000000000000"));
    }

    @Test
    void onlyTmpIsWritableInTheHardenedPod() {
        for (String attack : List.of("write-root", "write-usr-lib")) {
            assertThat(attack, scorecard.result("hardened", attack), is("blocked"));
            assertThat(attack, scorecard.evidence("hardened", attack), containsString("Read-only file system"));
        }
        assertThat(scorecard.result("hardened", "write-tmp"), is("works"));
    }

    @Test
    void theHardenedPodsEnvironmentHasNoServiceLinksAndNoShadowFile() {
        assertThat(scorecard.result("hardened", "service-links"), is("blocked"));
        assertThat(scorecard.result("hardened", "read-shadow"), is("blocked"));
    }

    /** The scorecard stays honest: hardening limits the damage, the hole is still there. */
    @Test
    void whatStaysPossibleInTheHardenedPod() {
        assertThat(scorecard.result("hardened", "read-passwd"), is("works"));
        assertThat(scorecard.result("hardened", "read-pid1-environ"), is("works"));
        assertThat(scorecard.result("hardened", "write-tmp"), is("works"));
    }

    @Test
    void theMarkdownScorecardSaysTheHardenedImageIsAStandIn() {
        assertThat(markdown, containsString("a stand-in for the apko image, built without apko"));
        assertThat(markdown, containsString("| attack | tries | fat | hardened |"));
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
