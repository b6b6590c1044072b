package dev.awkplayground.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Reads what a command writes without ever blocking on its pipes. A blocking read could not be stopped at the
 * deadline, and would wait forever when the command leaves a background process holding the pipe open
 * ({@code system("server &")}). Instead the reader copies what is available, waits a millisecond at a time for the
 * command to write more or to exit, and once it has exited takes what is left in the pipe and stops, as awk stops
 * waiting when the shell it started returns.
 */
public final class CommandPipes {
    private static final int BUFFER = 8192;

    private CommandPipes() {
    }

    /**
     * Copies a command's standard output and error until it exits, on the calling thread.
     */
    public static void copyUntilExit(Process process, OutputStream out, OutputStream err, RunGuard guard)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[BUFFER];
        InputStream stdout = process.getInputStream();
        InputStream stderr = process.getErrorStream();
        while (true) {
            guard.throwIfStopped();
            boolean copied = copyAvailable(stdout, out, buffer) | copyAvailable(stderr, err, buffer);
            if (!copied) {
                if (!process.isAlive()) {
                    while (copyAvailable(stdout, out, buffer) | copyAvailable(stderr, err, buffer)) {
                        // drain what the command wrote before it exited
                    }
                    return;
                }
                process.waitFor(1, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Copies one of a command's streams on a virtual thread until the command exits or the copy fails (the command
     * was killed, or the run's output limit was reached, which the guard already knows).
     */
    public static Thread copyInBackground(Process process, InputStream from, OutputStream to) {
        return Thread.ofVirtual().name("awk-command-output").start(() -> {
            byte[] buffer = new byte[BUFFER];
            try {
                while (true) {
                    if (!copyAvailable(from, to, buffer)) {
                        if (!process.isAlive()) {
                            while (copyAvailable(from, to, buffer)) {
                                // drain
                            }
                            to.flush();
                            return;
                        }
                        process.waitFor(1, TimeUnit.MILLISECONDS);
                    }
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                // see above
            }
        });
    }

    /**
     * A command's output as a stream the interpreter reads records from: a read returns what is available, waits
     * while the command is alive, and reports the end once it has exited and the pipe is empty.
     */
    public static InputStream readable(Process process, RunGuard guard) {
        InputStream source = process.getInputStream();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                while (true) {
                    guard.throwIfStopped();
                    int available = source.available();
                    if (available > 0) {
                        return source.read(buffer, offset, Math.min(available, length));
                    }
                    if (!process.isAlive()) {
                        return source.available() > 0 ? source.read(buffer, offset, length) : -1;
                    }
                    try {
                        process.waitFor(1, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw guard.stop(Outcome.TIMEOUT, "interrupted while reading a command");
                    }
                }
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }

    private static boolean copyAvailable(InputStream from, OutputStream to, byte[] buffer) throws IOException {
        int available = from.available();
        if (available <= 0) {
            return false;
        }
        int n = from.read(buffer, 0, Math.min(available, buffer.length));
        if (n <= 0) {
            return false;
        }
        to.write(buffer, 0, n);
        return true;
    }
}
