import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The files scripts/lab.sh derives from the project's own, so the lab can never drift from them:
 *
 * <pre>
 * java -cp SNAKEYAML scripts/lab/LabFiles.java standin apko.yaml ROOTFS
 *     Writes ROOTFS/etc/passwd and /etc/group with apko.yaml's accounts, creates its directories and prints their
 *     modes (MODE=1777 /tmp), then the image configuration apko would give the image (user, entrypoint,
 *     environment, work dir) as `podman import --change` values, one a line.
 * java -cp SNAKEYAML scripts/lab/LabFiles.java deployment RENDERED.yaml OUT.yaml NAME IMAGE HOST_PORT
 *     Copies the Deployment out of `kubectl kustomize` output for `podman kube play`: its own name, the local image,
 *     the container port published on 127.0.0.1:HOST_PORT only, no probes (podman runs httpGet probes as
 *     `curl` inside the container, which an image without a shell can never pass), and volumes named after the pod.
 *     Prints the volumes' names.
 * java -cp SNAKEYAML scripts/lab/LabFiles.java splice FILE NAME CONTENT
 *     Replaces what stands between the lines {@code <!-- lab:NAME -->} and {@code <!-- /lab:NAME -->} of FILE (the
 *     measured tables of docs/hardening-lab.md) with the text of CONTENT.
 * </pre>
 */
public class LabFiles {

    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "standin" -> standIn(Path.of(args[1]), Path.of(args[2]));
            case "deployment" -> deployment(Path.of(args[1]), Path.of(args[2]), args[3], args[4],
                    Integer.parseInt(args[5]));
            case "splice" -> splice(Path.of(args[1]), args[2], Path.of(args[3]));
            default -> {
                System.err.println("usage: LabFiles standin APKO_YAML ROOTFS | "
                        + "deployment RENDERED OUT NAME IMAGE HOST_PORT | splice FILE NAME CONTENT");
                System.exit(2);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void standIn(Path apkoYaml, Path rootfs) throws IOException {
        Map<String, Object> apko;
        try (Reader reader = Files.newBufferedReader(apkoYaml)) {
            apko = new Yaml().load(reader);
        }
        Map<String, Object> accounts = (Map<String, Object>) apko.getOrDefault("accounts", Map.of());
        StringBuilder passwd = new StringBuilder("root:x:0:0:root:/root:/sbin/nologin\n");
        for (Map<String, Object> user : (List<Map<String, Object>>) accounts.getOrDefault("users", List.of())) {
            String name = (String) user.get("username");
            passwd.append(name).append(":x:").append(user.get("uid")).append(':')
                    .append(user.getOrDefault("gid", user.get("uid"))).append("::")
                    .append(user.getOrDefault("homedir", "/home/" + name)).append(':')
                    .append(user.getOrDefault("shell", "/bin/sh")).append('\n');
        }
        StringBuilder group = new StringBuilder("root:x:0:\n");
        for (Map<String, Object> g : (List<Map<String, Object>>) accounts.getOrDefault("groups", List.of())) {
            group.append(g.get("groupname")).append(":x:").append(g.get("gid")).append(":\n");
        }
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), passwd);
        Files.writeString(rootfs.resolve("etc/group"), group);

        // Directories apko.yaml creates; their modes (the sticky bit of /tmp, say) are for the caller to set.
        for (Map<String, Object> path : (List<Map<String, Object>>) apko.getOrDefault("paths", List.of())) {
            if ("directory".equals(path.get("type"))) {
                Files.createDirectories(rootfs.resolve(((String) path.get("path")).substring(1)));
                System.out.println("MODE=" + Integer.toOctalString(mode(path.get("permissions"))) + " "
                        + path.get("path"));
            }
        }

        // What apko writes into the image's configuration.
        String runAs = String.valueOf(accounts.getOrDefault("run-as", "0"));
        System.out.println("USER=" + runAs);
        Map<String, Object> entrypoint = (Map<String, Object>) apko.get("entrypoint");
        List<String> command = splitLikeAShell((String) entrypoint.get("command"));
        StringBuilder json = new StringBuilder("ENTRYPOINT=[");
        for (int i = 0; i < command.size(); i++) {
            json.append(i > 0 ? "," : "").append('"').append(command.get(i).replace("\"", "\\\"")).append('"');
        }
        System.out.println(json.append(']'));
        Map<String, Object> environment = (Map<String, Object>) apko.getOrDefault("environment", Map.of());
        environment.forEach((name, value) -> System.out.println("ENV=" + name + "=" + value));
        System.out.println("WORKDIR=" + apko.getOrDefault("work-dir", "/"));
    }

    /** YAML 1.1 reads 01777 as a number; apko also takes the YAML 1.2 spelling 0o1777, which stays a string here. */
    private static int mode(Object permissions) {
        if (permissions instanceof Integer number) {
            return number;
        }
        String text = String.valueOf(permissions);
        return Integer.parseInt(text.startsWith("0o") ? text.substring(2) : text, 8);
    }

    /** apko splits entrypoint.command as a shell would split words, without running one. */
    static List<String> splitLikeAShell(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : command.strip().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    @SuppressWarnings("unchecked")
    static void deployment(Path rendered, Path out, String name, String image, int hostPort) throws IOException {
        Map<String, Object> deployment = null;
        try (Reader reader = Files.newBufferedReader(rendered)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document instanceof Map<?, ?> map && "Deployment".equals(map.get("kind"))) {
                    deployment = (Map<String, Object>) map;
                }
            }
        }
        if (deployment == null) {
            throw new IllegalArgumentException("no Deployment in " + rendered);
        }
        Map<String, Object> metadata = (Map<String, Object>) deployment.get("metadata");
        metadata.put("name", name);
        metadata.remove("namespace");
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                deployment.get("spec")).get("template")).get("spec");
        // podman has no service accounts; it ignores the token settings either way.
        podSpec.remove("serviceAccountName");
        Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
        container.put("image", image);
        container.put("imagePullPolicy", "Never");
        container.remove("startupProbe");
        container.remove("livenessProbe");
        container.remove("readinessProbe");
        // podman turns an emptyDir into a named volume of the same name, shared by every pod that names it; on
        // Kubernetes each pod has its own. A volume named after the pod keeps the pods apart (podman's is removed with
        // `podman volume rm NAME-VOLUME`).
        for (Map<String, Object> volume : (List<Map<String, Object>>) podSpec.getOrDefault("volumes", List.of())) {
            String own = name + "-" + volume.get("name");
            for (Map<String, Object> mount : (List<Map<String, Object>>) container.getOrDefault("volumeMounts",
                    List.of())) {
                if (volume.get("name").equals(mount.get("name"))) {
                    mount.put("name", own);
                }
            }
            volume.put("name", own);
            System.out.println(own);
        }
        Map<String, Object> port = ((List<Map<String, Object>>) container.get("ports")).get(0);
        port.put("hostPort", hostPort);
        port.put("hostIP", "127.0.0.1");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(out, "# Written by scripts/lab/LabFiles.java for podman kube play; do not edit.\n"
                + new Yaml(options).dump(new LinkedHashMap<>(deployment)));
    }

    static void splice(Path file, String name, Path content) throws IOException {
        String text = Files.readString(file);
        String start = "<!-- lab:" + name + " -->\n";
        String end = "<!-- /lab:" + name + " -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + " has no " + start.strip() + " ... " + end + " section");
        }
        String replacement = Files.readString(content).stripTrailing() + "\n";
        Files.writeString(file, text.substring(0, from + start.length()) + replacement + text.substring(to));
    }
}
