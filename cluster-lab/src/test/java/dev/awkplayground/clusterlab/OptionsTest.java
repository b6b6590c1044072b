package dev.awkplayground.clusterlab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.awkplayground.clusterlab.Options.Side;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    private static final Path REPOSITORY = Path.of("/repo");

    @Test
    void theDefaultsRunBothSidesWithSkaffoldsImagesAndNoEgress() throws Exception {
        Options options = Options.parse(new String[0], REPOSITORY);
        assertNull(options.context());
        assertEquals(EnumSet.allOf(Side.class), options.sides());
        assertEquals(Path.of("/repo/target/skaffold-build.json"), options.buildArtifacts());
        assertNull(options.egressTarget(), "egress is opt-in");
        assertEquals(Duration.ofMinutes(3), options.timeout());
        assertFalse(options.keep());
        assertTrue(options.policyControl());
        assertEquals(Path.of("/repo/target/cluster-lab"), options.out());
    }

    @Test
    void everyOptionIsRead() throws Exception {
        Options options = Options.parse(new String[] {"--context", "kind-kind", "--only", "hardened",
                "--build-artifacts", "b.json", "--fat-image", "f:1", "--hardened-image", "h:1", "--egress-target",
                "example.test:80", "--timeout", "90s", "--keep", "--no-policy-control", "--out", "/tmp/x"}, REPOSITORY);
        assertEquals("kind-kind", options.context());
        assertEquals(Set.of(Side.HARDENED), options.sides());
        assertEquals(Path.of("/repo/b.json"), options.buildArtifacts());
        assertEquals("f:1", options.fatImage());
        assertEquals("h:1", options.hardenedImage());
        assertEquals("example.test:80", options.egressTarget());
        assertEquals(Duration.ofSeconds(90), options.timeout());
        assertTrue(options.keep());
        assertFalse(options.policyControl());
        assertEquals(Path.of("/tmp/x"), options.out());
    }

    @Test
    void durationsTakeUnitsOrIso8601() throws Exception {
        assertEquals(Duration.ofMinutes(5), Options.duration("5m"));
        assertEquals(Duration.ofHours(1), Options.duration("1h"));
        assertEquals(Duration.ofMinutes(2), Options.duration("PT2M"));
    }

    @Test
    void wrongCommandLinesAreRefusedWithWhatIsExpected() {
        assertEquals("unknown option --kep", refused("--kep"));
        assertEquals("--only takes fat or hardened, not both", refused("--only", "both"));
        assertEquals("--context needs a value", refused("--context"));
        assertEquals("--context needs a value", refused("--context", "--keep"));
        assertEquals("--egress-target takes HOST:PORT, not http://example.test/", refused("--egress-target",
                "http://example.test/"));
        assertEquals("--timeout takes a duration such as 90s, 3m or PT2M, not 0s", refused("--timeout", "0s"));
        assertEquals("--timeout takes a duration such as 90s, 3m or PT2M, not soon", refused("--timeout", "soon"));
    }

    private static String refused(String... args) {
        return assertThrows(Options.UsageException.class, () -> Options.parse(args, REPOSITORY)).getMessage();
    }
}
