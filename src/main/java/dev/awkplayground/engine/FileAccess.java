package dev.awkplayground.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Opens the files a script reads and writes in vulnerable mode, in ways a run can always be stopped from:
 * <ul>
 *     <li>through interruptible channels, so a read that blocks (a terminal, the server's own stdin) ends when the
 *     run is stopped and its thread interrupted;</li>
 *     <li>never a named pipe or a socket: opening a FIFO blocks until another process opens its other end, inside a
 *     system call nothing can interrupt.</li>
 * </ul>
 * Error messages carry the operating system's reason ("No such file or directory", "Permission denied"), as awk's
 * do.
 */
public final class FileAccess {
    // File types in the st_mode bits that the "unix" attribute view reports.
    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int SOCKET = 0140000;
    private static final int DIRECTORY = 0040000;

    private FileAccess() {
    }

    public static InputStream openForReading(String name) throws IOException {
        Path path = path(name);
        // A directory opens for reading on Linux and fails at the first read; awk's getline says at once.
        if (refuseBlockingTypes(path, name) == DIRECTORY) {
            throw new FileSystemException(name, null, "Is a directory");
        }
        return Channels.newInputStream(FileChannel.open(path, StandardOpenOption.READ));
    }

    public static OutputStream openForWriting(String name, boolean append) throws IOException {
        Path path = path(name);
        refuseBlockingTypes(path, name);
        Set<OpenOption> options = append
                ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        return Channels.newOutputStream(FileChannel.open(path, options));
    }

    /** The operating system's reason, without Java's decoration. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = String.valueOf(e.getMessage());
        int open = message.lastIndexOf('(');
        int close = message.lastIndexOf(')');
        if (open >= 0 && close > open) {
            String inner = message.substring(open + 1, close);
            return inner.startsWith("error=") && inner.contains(", ") ? inner.substring(inner.indexOf(", ") + 2) : inner;
        }
        return message;
    }

    private static Path path(String name) throws IOException {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new FileSystemException(name, null, "Invalid file name");
        }
    }

    /** Refuses a named pipe or a socket; returns the file's type bits, 0 when it is missing or not known. */
    private static int refuseBlockingTypes(Path path, String name) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (NoSuchFileException e) {
            return 0; // a new file for writing; for reading, opening it says why it is missing
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0; // not a Unix file system: nothing to check
        }
        int type = mode & TYPE_MASK;
        if (type == FIFO || type == SOCKET) {
            throw new FileSystemException(name, null, (type == FIFO ? "a named pipe" : "a socket")
                    + ", which the playground does not open: it could block the run for ever");
        }
        return type;
    }
}
