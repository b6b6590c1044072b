package dev.awkplayground.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * Runs {@code demo/Probe.java} as users do, with the JDK's source launcher, and reads its JSON scorecard.
 */
public final class ProbeRunner {
    private ProbeRunner() {
    }

    /** A probe run: its exit status, its output, and from its JSON the results by attack id and target. */
    public record ProbeRun(int exitCode, String output, Map<String, JsonObject> findings) {
        /** The result of an attack on the only target. */
        public String result(String attack) {
            return only(attack).getString("result");
        }

        public String evidence(String attack) {
            return only(attack).getString("evidence");
        }

        public String result(String target, String attack) {
            return of(target, attack).getString("result");
        }

        public String evidence(String target, String attack) {
            return of(target, attack).getString("evidence");
        }

        private JsonObject only(String attack) {
            JsonObject results = results(attack);
            if (results.size() != 1) {
                throw new AssertionError("several targets: " + results.keySet());
            }
            return results.values().iterator().next().asJsonObject();
        }

        private JsonObject of(String target, String attack) {
            JsonObject result = results(attack).getJsonObject(target);
            if (result == null) {
                throw new AssertionError("no target " + target + " in " + results(attack).keySet());
            }
            return result;
        }

        private JsonObject results(String attack) {
            JsonObject finding = findings.get(attack);
            if (finding == null) {
                throw new AssertionError("no attack " + attack + " in " + findings.keySet());
            }
            return finding.getJsonObject("results");
        }
    }

    /**
     * Runs the probe; with {@code --json} its findings are read from its output.
     */
    public static ProbeRun run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "demo/Probe.java"));
        command.addAll(List.of(args));
        Process probe = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!probe.waitFor(5, TimeUnit.MINUTES)) {
            probe.destroyForcibly();
            throw new AssertionError("the probe did not finish");
        }
        Map<String, JsonObject> findings = new LinkedHashMap<>();
        if (List.of(args).contains("--json") && probe.exitValue() == 0) {
            findings.putAll(findings(output));
        }
        return new ProbeRun(probe.exitValue(), output, findings);
    }

    /** A probe run that ended before probing: its exit status and what it printed on each stream. */
    public record Refusal(int exitCode, String output, String errors) {
    }

    /** Runs the probe, keeping what it prints on standard error (the bad-argument and unreachable cases). */
    public static Refusal runKeepingErrors(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "demo/Probe.java"));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("probe-errors", ".txt");
        try {
            Process probe = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(5, TimeUnit.MINUTES)) {
                probe.destroyForcibly();
                throw new AssertionError("the probe did not finish");
            }
            return new Refusal(probe.exitValue(), output, Files.readString(errors));
        } finally {
            Files.delete(errors);
        }
    }

    /** The findings of the probe's JSON, by attack id. */
    public static Map<String, JsonObject> findings(String json) {
        Map<String, JsonObject> findings = new LinkedHashMap<>();
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            for (JsonValue value : reader.readObject().getJsonArray("attacks")) {
                findings.put(value.asJsonObject().getString("attack"), value.asJsonObject());
            }
        }
        return findings;
    }

    /** The URI's port, for the probe's loopback attack. */
    public static String port(URI uri) {
        return String.valueOf(uri.getPort());
    }

    static boolean leftFilesIn(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("awk-playground-probe-"));
        }
    }
}
