package dev.awkplayground;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's JVM options, written once in two java {@code @argument} files in src/main/jvm: what every run of the
 * service wants, and what the image adds (apko.yaml's entrypoint reads both). Tests that start the service hand the
 * files to java, as the entrypoint does; tests about the options read them here.
 */
public enum JvmOptionFile {
    SERVICE("service.options"),
    IMAGE("image.options");

    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");

    private final String fileName;

    JvmOptionFile(String fileName) {
        this.fileName = fileName;
    }

    /** Its name, in src/main/jvm and next to the jar in the image (scripts/install.sh copies it there). */
    public String fileName() {
        return fileName;
    }

    /** Where the repository keeps it: Maven runs the tests in the project directory. */
    public Path path() {
        return Path.of("src", "main", "jvm", fileName).toAbsolutePath();
    }

    /** The argument that makes java read it. */
    public String argument() {
        return "@" + path();
    }

    /**
     * Its options, as the java launcher reads them: words between white space, and {@code #} up to the end of the line
     * a comment. The launcher also reads quotes and escapes, and drops a whole word that has a {@code #} inside it; the
     * files use none of that, and this refuses it rather than read the file differently from the launcher.
     */
    public List<String> options() {
        String text;
        try {
            text = Files.readString(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            String code = line.replaceFirst("(^|\\s)#.*", "").strip();
            if (code.matches(".*[\"'\\\\#].*")) {
                throw new IllegalStateException(path() + ": quotes, escapes or a # inside a word, which only the "
                        + "launcher reads right: " + line);
            }
            if (!code.isEmpty()) {
                options.addAll(List.of(code.split("\\s+")));
            }
        }
        return options;
    }

    /** The maximum heap that options set with {@code -Xmx}, in MiB (the last one counts, as for java). */
    public static OptionalLong maxHeapMiB(List<String> options) {
        OptionalLong heap = OptionalLong.empty();
        for (String option : options) {
            Matcher m = XMX.matcher(option);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                heap = OptionalLong.of(m.group(2).equalsIgnoreCase("g") ? n * 1024 : n);
            }
        }
        return heap;
    }
}
