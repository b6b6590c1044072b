package dev.awkplayground.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Closes a connection whose request has not been answered long after its first line arrived: its headers or its body
 * never finished (a {@code Content-Length} larger than what is sent, an unfinished chunked body). Helidon 4.5 applies
 * no read timeout to the server's connections ({@code connection-options.read-timeout} is for its client), and its
 * idle timeout spares a connection with a request in progress, so such a connection would stay open for as long as
 * the client likes, holding one of the listener's connections.
 * <p>
 * A request's connection is read by one virtual thread, which Helidon tells of the request line
 * ({@link #prologue}) and of the answer's status ({@link #status}). Past the deadline the thread is interrupted:
 * a virtual thread interrupted in a read of its socket channel closes the channel, so the connection ends. The
 * deadline is longer than any answer takes once the request has been read (the queue wait, the time limit and the
 * second after it), so only a request that is still being read is cut.
 */
public final class RequestDeadline implements Http1ConnectionListener {
    /** One timer for every server in the process, started with the class, before any script could use up threads. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Duration deadline;
    private final Map<ConnectionContext, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    /**
     * @param reading how long a request's headers and body may take to arrive
     * @param answer  the longest an answer may take once the request has been read
     */
    public RequestDeadline(Duration reading, Duration answer) {
        this.deadline = reading.plus(answer);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("request-deadline").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        timer.prestartAllCoreThreads();
        return timer;
    }

    /** The HTTP/1.1 protocol with this listening to what connections receive and send. */
    public Http1Config protocol() {
        return Http1Config.builder().addReceiveListener(this).addSendListener(this).build();
    }

    @Override
    public void prologue(ConnectionContext context, HttpPrologue prologue) {
        Thread reader = Thread.currentThread();
        ScheduledFuture<?> previous = pending.put(context, TIMER.schedule(() -> {
            if (pending.remove(context) != null) {
                reader.interrupt();
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void status(ConnectionContext context, Status status) {
        ScheduledFuture<?> armed = pending.remove(context);
        if (armed != null) {
            armed.cancel(false);
        }
    }
}
