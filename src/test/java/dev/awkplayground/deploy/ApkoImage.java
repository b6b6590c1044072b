package dev.awkplayground.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;

/**
 * What apko.yaml says the image runs: its user and its entrypoint, as apko turns them into the OCI config.
 */
record ApkoImage(Map<String, Object> config) {
    static final String JAVA = "/usr/lib/awk-playground/runtime/bin/java";
    static final String JAR = "/usr/lib/awk-playground/app/vulnerable-awk-playground.jar";
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");

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

    /** -Xmx in MiB. */
    long maxHeapMiB() {
        for (String option : jvmOptions()) {
            Matcher m = XMX.matcher(option);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return m.group(2).equalsIgnoreCase("g") ? n * 1024 : n;
            }
        }
        throw new AssertionError("no -Xmx in the entrypoint: the heap would be a quarter of the memory limit");
    }
}
