package dev.awkplayground;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.awkplayground.api.BodyBudget;
import dev.awkplayground.api.ConnectionClose;
import dev.awkplayground.api.EngineLiveness;
import dev.awkplayground.api.EngineShutdown;
import dev.awkplayground.api.ErrorHandling;
import dev.awkplayground.api.HeadOfFeatures;
import dev.awkplayground.api.OriginalFormService;
import dev.awkplayground.api.RequestDeadline;
import dev.awkplayground.api.RunMetrics;
import dev.awkplayground.api.RunService;
import dev.awkplayground.api.SecurityHeaders;
import dev.awkplayground.config.Mode;
import dev.awkplayground.config.PlaygroundConfig;
import dev.awkplayground.engine.AwkEngine;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.logging.common.LogConfig;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.staticcontent.StaticContentFeature;

/**
 * Starts the playground: reads the configuration, creates the AWK engine and wires the HTTP API, the page, health,
 * metrics and OpenAPI into one web server, which owns the engine and closes it when it stops.
 */
public final class Main {
    private static final System.Logger LOGGER = System.getLogger(Main.class.getName());
    /** The exit status for a configuration mistake (as sysexits.h's EX_CONFIG). */
    static final int CONFIGURATION_ERROR = 78;

    private Main() {
    }

    /**
     * Starts the server.
     *
     * @param args ignored; configuration comes from application.yaml, system properties and the environment
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = Config.create();
        Services.set(Config.class, config);
        PlaygroundConfig playground;
        try {
            playground = PlaygroundConfig.create(config.get("playground"));
        } catch (IllegalArgumentException | ConfigException e) {
            // A mistake in the settings: the message says which and how to fix it; a stack trace would bury it.
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(CONFIGURATION_ERROR);
            return;
        }

        // The warnings come before the line saying where it listens, which is the line people (and tests) wait for.
        if (playground.mode() == Mode.VULNERABLE) {
            LOGGER.log(Level.WARNING, "VULNERABLE mode: anyone who can reach this port can run any command as this "
                    + "process's user (AWK's system(), pipes and file I/O are enabled on purpose)");
            if (runsAsRoot()) {
                LOGGER.log(Level.WARNING, ROOT_WARNING);
            }
        }
        warmUpVirtualThreadIo();
        // Helidon's shutdown hook stops the server on SIGTERM; stopping it closes the engine (EngineShutdown).
        ListenerWatch.Serving serving = start(config, config.get("server.port").asInt().orElse(8080));
        ListenerWatch.watch(serving, port -> start(config, port));
        WebServer server = serving.server();

        LOGGER.log(Level.INFO, "AWK playground listening on http://" + server.prototype().host() + ":" + server.port()
                + " in " + playground.mode().id() + " mode");
    }

    /**
     * Every request is served on a virtual thread, whose socket I/O waits through a poller the JDK starts the first
     * time one waits. Started during a fork storm, when no thread can be created, its initialisation fails for good and
     * so does every later request; started here, before any script runs, it exists.
     */
    private static void warmUpVirtualThreadIo() {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept()) {
            Thread reader = Thread.ofVirtual().name("poller-warm-up").start(() -> {
                try {
                    accepted.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    // the warm-up is best effort
                }
            });
            for (int i = 0; i < 1_000 && reader.getState() != Thread.State.WAITING; i++) {
                Thread.sleep(1);
            }
            client.write(ByteBuffer.wrap(new byte[] {1}));
            reader.join(Duration.ofSeconds(5));
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "the virtual threads' poller could not be warmed up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ListenerWatch.Serving start(Config config, int port) {
        AwkEngine engine = new AwkEngine(PlaygroundConfig.create(config.get("playground")));
        try {
            return new ListenerWatch.Serving(WebServer.builder()
                    .config(config.get("server"))
                    .port(port)
                    .update(builder -> setUp(builder, config, engine))
                    .build()
                    .start(), engine);
        } catch (RuntimeException | Error e) {
            engine.close();
            throw e;
        }
    }

    /** What vulnerable mode means on a laptop started with sudo, and the safer ways to run the service. */
    static final String ROOT_WARNING = "Running as ROOT in vulnerable mode: a script can read and change every file "
            + "on this machine, install software and start services. Safer: sandboxed mode "
            + "(PLAYGROUND_MODE=sandboxed or -Dplayground.mode=sandboxed), a user that is not root, or the lab's "
            + "containers (scripts/lab.sh)";

    private static boolean runsAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux): the user's name is the next best thing.
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Adds the whole playground to a server: an engine made from {@code playground.*}, the server's features and the
     * routes, and, unless {@code server.max-tcp-connections} is set, a bound on connections that leaves file
     * descriptors for the runs ({@link ConnectionBudget}). The server owns the engine from then on and closes it when
     * it stops.
     *
     * @param server the server being built
     * @param config the root configuration
     */
    public static void setUp(WebServerConfig.Builder server, Config config) {
        setUp(server, config, new AwkEngine(PlaygroundConfig.create(config.get("playground"))));
    }

    private static void setUp(WebServerConfig.Builder server, Config config, AwkEngine engine) {
        if (!config.get("server.max-tcp-connections").exists()) {
            ConnectionBudget.maxConnections(engine.limits().concurrentRuns()).ifPresent(most -> {
                server.maxTcpConnections((int) Math.min(Integer.MAX_VALUE, most));
                LOGGER.log(Level.DEBUG, "at most " + most + " TCP connections at once");
            });
        }
        // An answer takes at most the queue wait, the time limit and the second after it (AwkEngine).
        Duration answer = engine.limits().queueWait().plus(engine.limits().time()).plus(Duration.ofSeconds(2));
        server.addProtocol(new RequestDeadline(REQUEST_READING, answer).protocol());
        features(server, config, engine);
        server.routing(routing -> routing(routing, engine));
    }

    /** How long a request's headers and body may take to arrive (see {@link RequestDeadline}). */
    static final Duration REQUEST_READING = Duration.ofSeconds(10);

    /**
     * The server-wide part: health (with the engine's liveness), metrics, OpenAPI, the page and the answers to
     * requests that never reach the routing. Helidon's routing tests take this part and {@link #routing} apart.
     *
     * @param server the server being built
     * @param config the root configuration
     * @param engine the engine whose liveness the health check reports
     */
    public static void features(WebServerConfig.Builder server, Config config, AwkEngine engine) {
        server.featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                        .config(config.get("server.features.observe"))
                        .addObserver(HealthObserver.builder()
                                .addCheck(new EngineLiveness(engine))
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .addFeature(OpenApiFeature.create(config.get("openapi")))
                .addFeature(StaticContentFeature.builder()
                        .addClasspath(page -> page.location("WEB").context("/").welcome("index.html"))
                        .build())
                .directHandlers(ErrorHandling.directHandlers());
    }

    /**
     * The playground's own routes, which take ownership of the engine: it is closed after the server stops.
     *
     * @param routing the routing being built
     * @param engine  the engine that runs scripts
     */
    public static void routing(HttpRouting.Builder routing, AwkEngine engine) {
        RunMetrics metrics = new RunMetrics(Services.get(MeterRegistry.class), engine);
        routing.addFilter(new SecurityHeaders())
                .addFilter(new ConnectionClose())
                .addFilter(new BodyBudget(maxPayloadSize(), engine.limits().queueWait().toMillis()))
                .register("/test", new OriginalFormService(engine, metrics))
                .register("/api/v1", new RunService(engine, metrics))
                .register(new HeadOfFeatures())
                .addFeature(new EngineShutdown(engine));
        ErrorHandling.register(routing, metrics);
    }

    /** {@code server.max-payload-size}, what a body of unknown length may grow to. */
    private static long maxPayloadSize() {
        return Services.get(Config.class).get("server.max-payload-size").asLong().orElse(8L << 20);
    }
}
