import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The image ladder's attack-surface inventory and its table, for both ways of building the rungs: scripts/lab.sh
 * (root filesystems made here, without a registry) and scripts/ladder.sh (images built with Docker or podman and
 * exported). Both measure a root filesystem folder the same way and print the same table.
 *
 * <pre>
 * java scripts/lab/Ladder.java measure OUT_DIR RUNG "WHAT IT IS" ROOTFS IMAGE_BYTES COMPRESSED_BYTES
 *     Walks ROOTFS (never following links) and writes OUT_DIR/RUNG.rung: files, ELF executables, setuid and setgid
 *     files, shells, package managers, interpreters, downloaders and installed packages (dpkg or apk database).
 *     IMAGE_BYTES is the size the container runtime reports; COMPRESSED_BYTES what a pull transfers (gzip).
 * java scripts/lab/Ladder.java table OUT_DIR TITLE RUNG [RUNG ...]
 *     Writes OUT_DIR/ladder.md and ladder.json from the measured rungs, in the order given (fattest first).
 * </pre>
 */
public class Ladder {
    /** Programs an attacker looks for, by kind: names as they appear in a bin or sbin folder. */
    static final List<Kind> KINDS = List.of(
            new Kind("shells", "(ba|da|z|k|mk|c|tc|rba)?sh|ash|fish|busybox|toybox"),
            new Kind("packageManagers", "apt|apt-get|dpkg|apk|dnf|yum|rpm|microdnf|zypper"),
            new Kind("interpreters",
                    "perl(5[.\\d]*)?|python[\\d.]*|ruby[\\d.]*|node|php[\\d.]*|lua[\\d.]*|tclsh[\\d.]*|g?awk|mawk|nawk"
                            + "|jshell|jrunscript"),
            new Kind("downloaders", "curl|wget"));

    record Kind(String key, Pattern names) {
        Kind(String key, String regex) {
            this(key, Pattern.compile(regex));
        }
    }

    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "measure" -> measure(Path.of(args[1]), args[2], args[3], Path.of(args[4]), Long.parseLong(args[5]),
                    Long.parseLong(args[6]));
            case "table" -> table(Path.of(args[1]), args[2], Arrays.asList(args).subList(3, args.length));
            default -> {
                System.err.println("usage: Ladder measure OUT_DIR RUNG DESCRIPTION ROOTFS IMAGE_BYTES COMPRESSED_BYTES"
                        + " | table OUT_DIR TITLE RUNG...");
                System.exit(2);
            }
        }
    }

    static void measure(Path out, String rung, String description, Path rootfs, long imageBytes, long compressedBytes)
            throws IOException {
        if (!Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("not a root filesystem folder: " + rootfs);
        }
        long[] files = {0, 0};
        List<TreeSet<String>> found = KINDS.stream().map(k -> new TreeSet<String>()).toList();
        TreeSet<String> setuid = new TreeSet<>();
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                // Virtual file systems of a live system are not in an image.
                return dir.equals(rootfs.resolve("proc")) || dir.equals(rootfs.resolve("sys"))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String inImage = "/" + rootfs.relativize(file);
                if (attributes.isRegularFile()) {
                    files[0]++;
                    int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                    if ((mode & 0111) != 0 && isElfProgram(file)) {
                        files[1]++;
                    }
                    if ((mode & 06000) != 0) {
                        setuid.add(inImage);
                    }
                }
                Path parent = file.getParent();
                String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
                if ((attributes.isRegularFile() || attributes.isSymbolicLink())
                        && (folder.equals("bin") || folder.equals("sbin"))) {
                    String name = file.getFileName().toString();
                    for (int i = 0; i < KINDS.size(); i++) {
                        if (KINDS.get(i).names().matcher(name).matches()) {
                            found.get(i).add(inImage);
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });

        Properties rungProperties = new Properties();
        rungProperties.setProperty("rung", rung);
        rungProperties.setProperty("description", description);
        rungProperties.setProperty("imageBytes", String.valueOf(imageBytes));
        rungProperties.setProperty("compressedBytes", String.valueOf(compressedBytes));
        rungProperties.setProperty("files", String.valueOf(files[0]));
        rungProperties.setProperty("elfExecutables", String.valueOf(files[1]));
        rungProperties.setProperty("setuidFiles", String.join(" ", setuid));
        for (int i = 0; i < KINDS.size(); i++) {
            rungProperties.setProperty(KINDS.get(i).key(), String.join(" ", found.get(i)));
        }
        rungProperties.setProperty("packages", String.valueOf(installedPackages(rootfs)));
        Files.createDirectories(out);
        try (Writer writer = Files.newBufferedWriter(out.resolve(rung + ".rung"))) {
            rungProperties.store(writer, "scripts/lab/Ladder.java measure " + rootfs);
        }
        System.out.printf("%s: %d files, %d ELF executables, %d setuid/setgid, shells: %s%n", rung, files[0], files[1],
                setuid.size(), found.getFirst().isEmpty() ? "none" : String.join(" ", found.getFirst()));
    }

    /**
     * A program the kernel can start: an ELF file of type EXEC, or of type DYN with a program interpreter (PIE
     * executables, and the few libraries that run as programs, such as libc.so.6 and ld.so). Plain shared libraries
     * have no interpreter and do not count.
     */
    static boolean isElfProgram(Path file) throws IOException {
        byte[] header = new byte[64];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            if (in.readNBytes(header, 0, 64) < 52 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L'
                    || header[3] != 'F') {
                return false;
            }
        }
        boolean is64 = header[4] == 2;
        ByteBuffer elf = ByteBuffer.wrap(header).order(header[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int type = elf.getShort(16);
        if (type == 2) {
            return true;
        }
        if (type != 3) {
            return false;
        }
        long phoff = is64 ? elf.getLong(32) : Integer.toUnsignedLong(elf.getInt(28));
        int phentsize = Short.toUnsignedInt(elf.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(elf.getShort(is64 ? 56 : 44));
        if (phentsize < 4 || phnum == 0 || phnum > 256) {
            return false;
        }
        byte[] headers = new byte[phentsize * phnum];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            in.skipNBytes(phoff);
            if (in.readNBytes(headers, 0, headers.length) < headers.length) {
                return false;
            }
        }
        ByteBuffer programHeaders = ByteBuffer.wrap(headers).order(elf.order());
        for (int i = 0; i < phnum; i++) {
            if (programHeaders.getInt(i * phentsize) == 3) { // PT_INTERP
                return true;
            }
        }
        return false;
    }

    /** Packages in the image's package database: dpkg's or apk's; -1 where there is none. */
    static int installedPackages(Path rootfs) throws IOException {
        Path dpkg = rootfs.resolve("var/lib/dpkg/status");
        if (Files.isRegularFile(dpkg)) {
            return (int) Files.readAllLines(dpkg).stream().filter(l -> l.equals("Status: install ok installed")).count();
        }
        Path apk = rootfs.resolve("lib/apk/db/installed");
        if (Files.isRegularFile(apk)) {
            return (int) Files.readAllLines(apk).stream().filter(l -> l.startsWith("P:")).count();
        }
        return -1;
    }

    static void table(Path out, String title, List<String> rungs) throws IOException {
        List<Properties> measured = new ArrayList<>();
        for (String rung : rungs) {
            Properties rungProperties = new Properties();
            try (Reader reader = Files.newBufferedReader(out.resolve(rung + ".rung"))) {
                rungProperties.load(reader);
            }
            measured.add(rungProperties);
        }
        StringBuilder md = new StringBuilder(title).append("\n\n")
                .append("| rung | what it is | image size | compressed | files | ELF executables | setuid/setgid | "
                        + "shells | package managers | interpreters | downloaders | packages |\n")
                .append("|---|---|---:|---:|---:|---:|---|---|---|---|---|---:|\n");
        StringBuilder json = new StringBuilder("{\"title\": ").append(quote(title)).append(",\n \"rungs\": [\n");
        for (int r = 0; r < measured.size(); r++) {
            Properties p = measured.get(r);
            md.append("| ").append(p.getProperty("rung")).append(" | ").append(p.getProperty("description"))
                    .append(" | ").append(megabytes(p.getProperty("imageBytes")))
                    .append(" | ").append(megabytes(p.getProperty("compressedBytes")))
                    .append(" | ").append(p.getProperty("files"))
                    .append(" | ").append(p.getProperty("elfExecutables"))
                    .append(" | ").append(names(p.getProperty("setuidFiles"), false));
            json.append("  {\"rung\": ").append(quote(p.getProperty("rung")))
                    .append(", \"description\": ").append(quote(p.getProperty("description")));
            for (String number : List.of("imageBytes", "compressedBytes", "files", "elfExecutables", "packages")) {
                json.append(", \"").append(number).append("\": ").append(p.getProperty(number));
            }
            json.append(", \"setuidFiles\": ").append(array(p.getProperty("setuidFiles")));
            for (Kind kind : KINDS) {
                md.append(" | ").append(names(p.getProperty(kind.key()), true));
                json.append(", \"").append(kind.key()).append("\": ").append(array(p.getProperty(kind.key())));
            }
            String packages = p.getProperty("packages");
            md.append(" | ").append(packages.equals("-1") ? "no database" : packages).append(" |\n");
            json.append('}').append(r < measured.size() - 1 ? ",\n" : "\n");
        }
        json.append(" ]}\n");
        Files.writeString(out.resolve("ladder.md"), md);
        Files.writeString(out.resolve("ladder.json"), json);
        System.out.print(md);
    }

    /** "0", or the count and the distinct names: "3: bash, dash, sh". */
    static String names(String paths, boolean baseNames) {
        if (paths.isBlank()) {
            return "0";
        }
        TreeSet<String> distinct = new TreeSet<>();
        for (String path : paths.split(" ")) {
            distinct.add(baseNames ? path.substring(path.lastIndexOf('/') + 1) : path);
        }
        List<String> shown = new ArrayList<>(distinct);
        String list = shown.size() > 6 ? String.join(", ", shown.subList(0, 6)) + ", ..."
                : String.join(", ", shown);
        return paths.split(" ").length + ": " + list;
    }

    static String megabytes(String bytes) {
        return String.format("%.1f MB", Long.parseLong(bytes) / 1e6);
    }

    static String array(String paths) {
        if (paths.isBlank()) {
            return "[]";
        }
        return "[" + String.join(", ", Arrays.stream(paths.split(" ")).map(Ladder::quote).toList()) + "]";
    }

    /** Paths and descriptions have no control characters: only quotes and backslashes need escaping. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
