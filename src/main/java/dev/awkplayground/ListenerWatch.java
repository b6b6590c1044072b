package dev.awkplayground;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.IntFunction;

import dev.awkplayground.engine.AwkEngine;
import io.helidon.webserver.WebServer;

/**
 * Restarts the web server when its listener has closed by itself. Helidon 4.5 closes a listener for good when
 * {@code accept} fails once, as it does when the process is out of file descriptors; the process then lives on and
 * refuses every connection. The connection bound ({@link ConnectionBudget}) keeps connections from causing that, but
 * descriptors can still run out otherwise. Every {@link #EVERY} this connects to the listener's port on loopback: a
 * refused connection means no listener, and the server is stopped, its engine closed (a listener that closes by itself
 * does not close it), and both started again on the same port once descriptors are free. Until then nothing answers, so
 * liveness fails, as it should while the service cannot accept.
 */
final class ListenerWatch {
    private static final System.Logger LOGGER = System.getLogger(ListenerWatch.class.getName());
    static final Duration EVERY = Duration.ofSeconds(2);

    private final IntFunction<Serving> startOnPort;
    private final String host;
    private final int port;
    private volatile Serving serving;

    /** A started server and the engine it runs scripts with. */
    record Serving(WebServer server, AwkEngine engine) {
    }

    private ListenerWatch(Serving serving, IntFunction<Serving> startOnPort) {
        this.serving = serving;
        this.startOnPort = startOnPort;
        String bound = serving.server().prototype().host();
        this.host = bound.equals("0.0.0.0") || bound.equals("::") ? "127.0.0.1" : bound;
        this.port = serving.server().port();
    }

    /**
     * Watches a started server from a daemon thread of its own, started now, before any script could use up threads.
     *
     * @param serving     the started server
     * @param startOnPort builds and starts the same server, with a new engine, on a given port
     */
    static void watch(Serving serving, IntFunction<Serving> startOnPort) {
        ListenerWatch watch = new ListenerWatch(serving, startOnPort);
        Thread.ofPlatform().name("listener-watch").daemon(true).start(watch::run);
    }

    private void run() {
        while (true) {
            try {
                Thread.sleep(EVERY);
                if (serving.server().isRunning() && !listening()) {
                    restart();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                LOGGER.log(Level.DEBUG, "the listener watch failed once; it goes on", e);
            }
        }
    }

    /** False only when the port refuses a connection; any other failure (no descriptor free) proves nothing. */
    private boolean listening() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, port), (int) EVERY.toMillis());
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void restart() throws InterruptedException {
        LOGGER.log(Level.WARNING, "the listener on port " + port + " has closed (out of file descriptors?); "
                + "restarting the server");
        try {
            serving.server().stop();
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "stopping the server whose listener closed", e);
        }
        serving.engine().close();
        while (true) {
            if (!ConnectionBudget.descriptorsFree()) {
                // A start now would fail half-way, with its engine's threads already started.
                Thread.sleep(EVERY);
                continue;
            }
            try {
                serving = startOnPort.apply(port);
                LOGGER.log(Level.WARNING, "the server listens again on port " + port);
                return;
            } catch (RuntimeException | Error e) {
                LOGGER.log(Level.WARNING, "the server could not start again yet: " + e.getMessage());
                Thread.sleep(EVERY);
            }
        }
    }
}
