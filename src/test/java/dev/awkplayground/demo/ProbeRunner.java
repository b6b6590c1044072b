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

    /** A probe run: its exit status, its output, and the findings by attack id. */
    public record ProbeRun(int exitCode, String output, Map<String, JsonObject> findings) {
        public String result(String attack) {
            return finding(attack).getString("result");
        }

        public String evidence(String attack) {
            return finding(attack).getString("evidence");
        }

        private JsonObject finding(String attack) {
            JsonObject finding = findings.get(attack);
            if (finding == null) {
                throw new AssertionError("no attack " + attack + " in " + findings.keySet());
            }
            return finding;
        }
    }

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
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)))) {
                for (JsonValue value : reader.readArray()) {
                    findings.put(value.asJsonObject().getString("attack"), value.asJsonObject());
                }
            }
        }
        return new ProbeRun(probe.exitValue(), output, findings);
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
