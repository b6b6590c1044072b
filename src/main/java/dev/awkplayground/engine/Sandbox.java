package dev.awkplayground.engine;

import java.util.Set;

/**
 * The one gate between a script and the machine: every way jawk can reach a process, a file or the environment asks
 * here first, once when the script is compiled (where the script shows it) and again when it runs. In sandboxed mode
 * everything is refused except the run's own streams: its input is the request's input, and it may write only to
 * its output and its stderr. In vulnerable mode everything is allowed; that is the demo's hole.
 * <p>
 * README's "Modes" section lists every path with the test that covers it.
 */
public final class Sandbox {
    /** Names that mean the run's own output streams in every AWK; writing to them is not writing a file. */
    public static final Set<String> OWN_OUTPUTS = Set.of("/dev/stdout", "/dev/stderr", "-");
    /** Names that mean the run's own input, the request's, in every AWK; reading them is not reading a file. */
    public static final Set<String> OWN_INPUTS = Set.of("/dev/stdin", "-");

    /** What a script asks to do. */
    public enum Access {
        RUN_COMMAND("system()", "it runs a command"),
        READ_COMMAND("\"command\" | getline", "it runs a command"),
        WRITE_COMMAND("print | \"command\"", "it runs a command"),
        READ_FILE("getline < file", "it reads a file"),
        WRITE_FILE("print > file", "it writes a file; only \"/dev/stdout\" and \"/dev/stderr\" may be written"),
        READ_ARGV_FILE("a file named in ARGV", "the main input is the request's input, and files are not read"),
        READ_ENVIRONMENT("ENVIRON", "the server's environment is not shown; ENVIRON is empty");

        private final String primitive;
        private final String reason;

        Access(String primitive, String reason) {
            this.primitive = primitive;
            this.reason = reason;
        }

        String refusal() {
            return primitive + " is refused in sandboxed mode: " + reason;
        }

        /** @return the rule's name in metrics, such as {@code run-command} */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A refusal; the interpreter turns it into a {@link ScriptRejectedException}, answered with a 422. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Access access;

        Refusal(Access access) {
            super(access.refusal());
            this.access = access;
        }

        /** @return what was refused */
        public Access access() {
            return access;
        }
    }

    private final boolean sandboxed;

    public Sandbox(boolean sandboxed) {
        this.sandboxed = sandboxed;
    }

    public boolean sandboxed() {
        return sandboxed;
    }

    /**
     * @throws Refusal when the mode forbids it
     */
    public void require(Access access) {
        if (sandboxed) {
            throw new Refusal(access);
        }
    }

    /** Writing to a name: the run's own streams are always allowed, files only in vulnerable mode. */
    public void requireWritable(String name) {
        if (!OWN_OUTPUTS.contains(name)) {
            require(Access.WRITE_FILE);
        }
    }

    /** Reading a name with getline: the request's input is always allowed, files only in vulnerable mode. */
    public void requireReadable(String name) {
        if (!OWN_INPUTS.contains(name)) {
            require(Access.READ_FILE);
        }
    }

    public boolean showsEnvironment() {
        return !sandboxed;
    }
}
