package dev.awkplayground.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.awkplayground.JvmOptionFile;
import org.junit.jupiter.api.Assertions;

/**
 * What apko.yaml says the image runs: its user and its entrypoint, as apko turns them into the OCI config.
 */
record ApkoImage(Map<String, Object> config) {
    static final String JAVA = "/usr/lib/awk-playground/runtime/bin/java";
    /** Where scripts/install.sh puts the jar, the AOT cache and the JVM option files. */
    static final String APP = "/usr/lib/awk-playground/app/";
    static final String JAR = APP + "vulnerable-awk-playground.jar";

    static ApkoImage read() {
        return new ApkoImage(Project.yaml("apko.yaml"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        Assertions.assertInstanceOf(Map.class, value, what);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        Assertions.assertInstanceOf(List.class, value, what);
        return (List<Object>) value;
    }

    Map<String, Object> section(String key) {
        return map(config.get(key), "apko.yaml " + key);
    }

    /** The user apko's run-as names, by uid or by name: {@code [uid, gid]}. */
    long[] runAs() {
        Map<String, Object> accounts = section("accounts");
        String runAs = String.valueOf(accounts.get("run-as"));
        for (Object entry : list(accounts.get("users"), "accounts.users")) {
            Map<String, Object> user = map(entry, "a user");
            long uid = ((Number) user.get("uid")).longValue();
            if (runAs.equals(String.valueOf(uid)) || runAs.equals(user.get("username"))) {
                Object gid = user.getOrDefault("gid", uid); // apko: the gid defaults to the uid
                return new long[] {uid, ((Number) gid).longValue()};
            }
        }
        throw new AssertionError("run-as " + runAs + " names no user in accounts.users");
    }

    /**
     * The OCI entrypoint: apko splits entrypoint.command shell-style (github.com/google/shlex, pkg/build/oci/image.go).
     * The command here has no quotes or escapes, so splitting at white space is the same split.
     */
    List<String> entrypoint() {
        String command = String.valueOf(section("entrypoint").get("command"));
        Assertions.assertFalse(command.matches("(?s).*['\"\\\\].*"), "entrypoint.command has quotes or escapes");
        return Arrays.asList(command.trim().split("\\s+"));
    }

    /** The JVM options: what stands between the java executable and {@code -jar}. */
    List<String> jvmOptions() {
        List<String> entrypoint = entrypoint();
        int jar = entrypoint.indexOf("-jar");
        Assertions.assertTrue(jar > 0, "the entrypoint runs -jar");
        return entrypoint.subList(1, jar);
    }

    /**
     * The option files the entrypoint reads ({@code @FILE}), each one of src/main/jvm where install.sh puts it, in
     * the order it reads them.
     */
    List<JvmOptionFile> optionFiles() {
        List<JvmOptionFile> files = new ArrayList<>();
        for (String option : jvmOptions()) {
            if (option.startsWith("@")) {
                files.add(Arrays.stream(JvmOptionFile.values())
                        .filter(file -> option.equals("@" + APP + file.fileName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(option + " names none of src/main/jvm's files where "
                                + "install.sh puts them")));
            }
        }
        return files;
    }

    /** The options java runs with: the entrypoint's, with the files' options in place of each {@code @FILE}. */
    List<String> expandedJvmOptions() {
        List<String> expanded = new ArrayList<>();
        Iterator<JvmOptionFile> files = optionFiles().iterator();
        for (String option : jvmOptions()) {
            expanded.addAll(option.startsWith("@") ? files.next().options() : List.of(option));
        }
        return expanded;
    }

    /** -Xmx in MiB. */
    long maxHeapMiB() {
        return JvmOptionFile.maxHeapMiB(expandedJvmOptions()).orElseThrow(() -> new AssertionError(
                "no -Xmx in the entrypoint's options: the heap would be a quarter of the memory limit"));
    }
}
