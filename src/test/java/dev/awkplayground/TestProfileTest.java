package dev.awkplayground;

import java.time.Duration;
import java.util.Map;

import dev.awkplayground.config.PlaygroundConfig;
import io.helidon.config.Config;
import io.helidon.service.registry.Services;
import io.helidon.testing.junit5.Testing;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

/**
 * The configuration Helidon's service registry gives the service under the test profile (Helidon's testing extension
 * gives this class a registry of its own, no server) is the one {@link PlaygroundTestBase} layers by hand for the
 * server tests: the test profile's short limits over application.yaml. If Helidon's profile handling and the hand-made
 * layering ever differed, the server tests would test settings no service runs with.
 */
@Testing.Test
class TestProfileTest {
    @Test
    void theRegistrysConfigurationIsTheTestProfileTheServerTestsUse(Config config) {
        assertThat("the registry hands out one configuration", Services.get(Config.class), sameInstance(config));
        PlaygroundConfig fromRegistry = PlaygroundConfig.create(config.get("playground"));
        assertThat(fromRegistry.limits().time(), is(Duration.ofSeconds(2)));
        assertThat(fromRegistry.limits().concurrentRuns(), is(4));
        assertThat(fromRegistry, is(PlaygroundConfig.create(PlaygroundTestBase.testConfig(Map.of()).get("playground"))));
    }
}
