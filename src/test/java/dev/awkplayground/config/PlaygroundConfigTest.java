package dev.awkplayground.config;

import java.time.Duration;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlaygroundConfigTest {

    @Test
    void applicationYamlHoldsTheDocumentedDefaults() {
        Config config = Config.just(ConfigSources.classpath("application.yaml"));
        PlaygroundConfig playground = PlaygroundConfig.create(config.get("playground"));
        assertThat(playground.mode(), is(Mode.VULNERABLE));
        Limits limits = playground.limits();
        assertThat(limits.scriptBytes(), is(64 * 1024));
        assertThat(limits.inputBytes(), is(1024 * 1024));
        assertThat(limits.outputBytes(), is(1024 * 1024));
        assertThat(limits.memoryBytes(), is(64L * 1024 * 1024));
        assertThat(limits.time(), is(Duration.ofSeconds(5)));
        assertThat(limits.concurrentRuns(), is(2 * Runtime.getRuntime().availableProcessors()));
        assertThat(limits.queueWait(), is(Duration.ofSeconds(1)));
        assertThat(limits.stuckAfter(), is(Duration.ofSeconds(10)));
        assertThat(playground.cachedScripts(), is(256));
        assertThat(config.get("server.host").asString().get(), is("127.0.0.1"));
    }

    @Test
    void anEmptySectionFallsBackToTheSameDefaults() {
        PlaygroundConfig empty = PlaygroundConfig.create(Config.empty());
        PlaygroundConfig yaml = PlaygroundConfig.create(
                Config.just(ConfigSources.classpath("application.yaml")).get("playground"));
        assertThat(empty, is(yaml));
    }

    @Test
    void sizesAndDurationsAcceptTheirUnits() {
        assertThat(PlaygroundConfig.parseSize("65536"), is(65536L));
        assertThat(PlaygroundConfig.parseSize("64KiB"), is(65536L));
        assertThat(PlaygroundConfig.parseSize("2 MiB"), is(2L << 20));
        assertThat(PlaygroundConfig.parseSize("1gib"), is(1L << 30));
        assertThat(PlaygroundConfig.parseDuration("500ms"), is(Duration.ofMillis(500)));
        assertThat(PlaygroundConfig.parseDuration("1.5s"), is(Duration.ofMillis(1500)));
        assertThat(PlaygroundConfig.parseDuration("2m"), is(Duration.ofMinutes(2)));
        assertThat(PlaygroundConfig.parseDuration("PT5S"), is(Duration.ofSeconds(5)));
    }

    @Test
    void badValuesNameTheirKey() {
        assertMessage(() -> create(Map.of("mode", "open")), "playground.mode must be 'vulnerable' or 'sandboxed'");
        assertMessage(() -> create(Map.of("limits.memory", "lots")), "playground.limits.memory");
        assertMessage(() -> create(Map.of("limits.time", "soon")), "playground.limits.time must be a duration");
        assertMessage(() -> create(Map.of("limits.time", "0s")), "playground.limits.time must be positive");
        assertMessage(() -> create(Map.of("limits.output-size", "0")), "playground.limits.output-size");
    }

    @Test
    void modeNamesAreCaseInsensitive() {
        assertThat(create(Map.of("mode", "Sandboxed")).mode(), is(Mode.SANDBOXED));
    }

    private static PlaygroundConfig create(Map<String, String> values) {
        return PlaygroundConfig.create(Config.just(ConfigSources.create(values)));
    }

    private static void assertMessage(Executable creation, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, creation);
        assertThat(e.getMessage(), containsString(part));
    }
}
