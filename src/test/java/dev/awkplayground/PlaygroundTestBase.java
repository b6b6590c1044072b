package dev.awkplayground;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.awkplayground.config.PlaygroundConfig;
import dev.awkplayground.engine.AwkEngine;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The playground set up as {@link Main} sets it up, for the test classes that extend this one: annotated
 * {@code @ServerTest}, a class gets a real server on a free port; annotated {@code @RoutingTest}, the same routing
 * behind Helidon's {@code DirectClient}, with no socket. As in production the server owns the engine and closes it
 * when it stops (for a routing test, when the direct client closes), so a test class neither creates nor closes one.
 * <p>
 * Helidon's extensions call the {@code @SetUpServer} and {@code @SetUpRoute} methods of the whole class hierarchy,
 * this class's first. A subclass may add its own {@code @SetUpServer} for the server alone (the page tests bind the
 * loopback address) but no {@code @SetUpRoute}: a routing test allows one per socket. Settings of the playground go in
 * {@link Settings} on the class.
 */
@ExtendWith(PlaygroundTestBase.ReadSettings.class)
public abstract class PlaygroundTestBase {
    // Handed from one static set-up step to the next within one class's start; test classes run one at a time.
    private static Config config;
    private static AwkEngine engine;

    /**
     * Settings for one test class, over the test profile, such as {@code "playground.mode=sandboxed"}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Inherited
    public @interface Settings {
        /**
         * @return {@code key=value} pairs
         */
        String[] value() default {};

        /**
         * @return false for application.yaml alone, the settings a user's service starts with, without the test
         *         profile's shorter limits
         */
        boolean testProfile() default true;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        if (config == null) {
            throw new IllegalStateException("ReadSettings did not run before Helidon's extension");
        }
        engine = new AwkEngine(PlaygroundConfig.create(config.get("playground")));
        Main.features(server, config, engine);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, engine);
    }

    /**
     * @return the engine of this class's server, for its limits and counts; the server closes it
     */
    protected static AwkEngine engine() {
        return engine;
    }

    /**
     * Waits until this class's engine runs at least that many scripts, as a test that fills the run slots must.
     *
     * @param count runs to wait for
     */
    protected static void awaitActiveRuns(int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (engine.activeRuns() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("runs did not start: " + engine.activeRuns());
            }
            Thread.sleep(10);
        }
    }

    /**
     * The application configuration (application-test.yaml over application.yaml) with overrides on top.
     *
     * @param overrides keys such as {@code playground.mode}
     */
    static Config testConfig(Map<String, String> overrides) {
        return layered(List.of(ConfigSources.create(overrides), ConfigSources.classpath("application-test.yaml"),
                ConfigSources.classpath("application.yaml")));
    }

    /**
     * The configuration a user's service starts with (application.yaml alone, no test profile), with overrides on top.
     */
    private static Config userConfig(Map<String, String> overrides) {
        return layered(List.of(ConfigSources.create(overrides), ConfigSources.classpath("application.yaml")));
    }

    private static Config layered(List<Supplier<? extends ConfigSource>> sources) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(sources)
                .build();
    }

    /**
     * Reads the class's {@link Settings} for the static set-up above. JUnit runs the extensions of a superclass before
     * those of its subclasses, so this runs before the Helidon extension that {@code @ServerTest} or
     * {@code @RoutingTest} on the subclass brings, which calls the set-up.
     */
    static final class ReadSettings implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Settings settings = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), Settings.class)
                    .orElse(null);
            Map<String, String> overrides = new LinkedHashMap<>();
            for (String setting : settings == null ? new String[0] : settings.value()) {
                int equals = setting.indexOf('=');
                overrides.put(setting.substring(0, equals), setting.substring(equals + 1));
            }
            config = settings == null || settings.testProfile() ? testConfig(overrides) : userConfig(overrides);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            config = null;
            engine = null;
        }
    }
}
