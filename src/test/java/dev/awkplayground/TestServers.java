package dev.awkplayground;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.awkplayground.config.PlaygroundConfig;
import dev.awkplayground.engine.AwkEngine;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;
import io.helidon.webserver.WebServerConfig;

/**
 * Sets up test servers exactly as {@link Main} does, with configuration overrides layered over the test profile.
 */
public final class TestServers {
    private TestServers() {
    }

    /**
     * The application configuration (application-test.yaml over application.yaml) with overrides on top.
     *
     * @param overrides keys such as {@code playground.mode}
     */
    public static Config config(Map<String, String> overrides) {
        return layered(List.of(ConfigSources.create(overrides), ConfigSources.classpath("application-test.yaml"),
                ConfigSources.classpath("application.yaml")));
    }

    /**
     * The configuration a user's service starts with (application.yaml alone, no test profile), with overrides on top.
     */
    public static Config defaults(Map<String, String> overrides) {
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
     * Adds the playground to a server under test.
     *
     * @return the engine, which the server closes when it stops
     */
    public static AwkEngine setUp(WebServerConfig.Builder server, Map<String, String> overrides) {
        return setUp(server, config(overrides));
    }

    /**
     * Adds the playground to a server under test, with the given configuration.
     *
     * @return the engine, which the server closes when it stops
     */
    public static AwkEngine setUp(WebServerConfig.Builder server, Config config) {
        AwkEngine engine = new AwkEngine(PlaygroundConfig.create(config.get("playground")));
        Main.features(server, config, engine);
        server.routing(routing -> Main.routing(routing, engine));
        return engine;
    }
}
