package dev.awkplayground.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A run's output and standard error, and the wrappers that hold what it reads and writes to its limits. The output
 * limit is shared by the answer and every file the run writes; standard error keeps its first bytes only.
 */
final class RunStreams {
    private static final int STDERR_LIMIT = 64 * 1024;

    private final RunGuard guard;
    private final int outputLimit;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream stdoutStream;
    private final PrintStream stderrStream;
    private long outputLeft;
    private boolean stderrTruncated;

    RunStreams(RunGuard guard, int outputLimit) {
        this.guard = guard;
        this.outputLimit = outputLimit;
        this.outputLeft = outputLimit;
        this.stdoutStream = new PrintStream(budgeted(stdout), false, StandardCharsets.UTF_8);
        this.stderrStream = new PrintStream(new StderrSink(), true, StandardCharsets.UTF_8);
    }

    PrintStream stdout() {
        return stdoutStream;
    }

    PrintStream stderr() {
        return stderrStream;
    }

    OutputStream budgeted(OutputStream target) {
        return new BudgetedStream(target);
    }

    InputStream guarded(InputStream source) {
        return new GuardedInput(source);
    }

    String output() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    String errorOutput() {
        synchronized (stderr) {
            String text = stderr.toString(StandardCharsets.UTF_8);
            return stderrTruncated ? text + "\n[standard error truncated at " + STDERR_LIMIT + " bytes]\n" : text;
        }
    }

    /** Counts bytes against the output limit shared by the response and every file the run writes. */
    private final class BudgetedStream extends OutputStream {
        private final OutputStream target;

        BudgetedStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int allowed;
            synchronized (RunStreams.this) {
                allowed = (int) Math.min(length, outputLeft);
                outputLeft -= allowed;
            }
            synchronized (target) {
                target.write(bytes, offset, allowed);
            }
            if (allowed < length) {
                throw guard.stop(Outcome.OUTPUT_LIMIT,
                        "the script wrote more than the output limit of " + outputLimit + " bytes");
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }

    /** Keeps the first bytes of standard error; the rest is dropped, since stderr is a diagnostic, not a result. */
    private final class StderrSink extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (stderr) {
                int allowed = Math.max(0, Math.min(length, STDERR_LIMIT - stderr.size()));
                stderr.write(bytes, offset, allowed);
                stderrTruncated |= allowed < length;
            }
        }
    }

    /**
     * Reading a file or device: checks the deadline before and after every read. A read that blocks (a terminal, the
     * server's own stdin) is ended by the interrupt {@link RunGuard#stop} sends, which closes the file's interruptible
     * channel.
     */
    private final class GuardedInput extends InputStream {
        private final InputStream source;

        GuardedInput(InputStream source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            guard.checkTime();
            try {
                int n = source.read(buffer, offset, length);
                guard.throwIfStopped();
                return n;
            } catch (IOException e) {
                guard.throwIfStopped();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
