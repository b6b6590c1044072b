package dev.awkplayground.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Bounds the memory that request bodies hold all together. A request holds its body, then what was parsed from it,
 * until its run ends, and run slots bound only the runs, not the requests waiting for one: a hundred requests with an
 * input just under its limit, sent at once, would hold a few hundred MiB and end the JVM. So a request with a body is
 * charged {@value #CHARGE} times its length (the bytes, the decoded text, the run's copy) against a share of the heap
 * ({@value #HEAP_SHARE_PERCENT}%) before it is read, and waits up to {@code queue-wait} for it; then it is answered
 * 503 and its connection closed, its body unread. A body of unknown length (chunked) is charged the largest allowed.
 */
public final class BodyBudget implements Filter {
    static final int HEAP_SHARE_PERCENT = 25;
    static final int CHARGE = 3;

    private final Semaphore kibibytes;
    private final int capacity;
    private final long maxPayload;
    private final long waitMillis;

    /**
     * @param maxPayload the largest body the server accepts ({@code server.max-payload-size})
     * @param waitMillis how long a request may wait for room
     */
    public BodyBudget(long maxPayload, long waitMillis) {
        this(Runtime.getRuntime().maxMemory() / 100 * HEAP_SHARE_PERCENT, maxPayload, waitMillis);
    }

    BodyBudget(long capacityBytes, long maxPayload, long waitMillis) {
        this.capacity = (int) Math.min(Integer.MAX_VALUE, capacityBytes / 1024);
        this.kibibytes = new Semaphore(capacity);
        this.maxPayload = maxPayload;
        this.waitMillis = waitMillis;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!request.content().hasEntity()) {
            chain.proceed();
            return;
        }
        long length = request.headers().contentLength().orElse(maxPayload);
        int charge = (int) Math.min(capacity, (Math.min(length, maxPayload) * CHARGE + 1023) / 1024);
        boolean admitted;
        try {
            admitted = kibibytes.tryAcquire(charge, waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.header(HeaderNames.RETRY_AFTER, "1");
            response.header(HeaderValues.CONNECTION_CLOSE);
            Problem.overloaded("the server is reading as many request bodies as its memory allows; try again shortly")
                    .send(request, response);
            return;
        }
        try {
            chain.proceed();
        } finally {
            kibibytes.release(charge);
        }
    }
}
