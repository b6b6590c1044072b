package dev.awkplayground.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * The commands the deployment files and README tell a reader to type, read as text: they work as written for a user
 * with Docker and kind.
 */
class DeployCommandsTest {
    private static final Pattern PORT_FORWARD = Pattern.compile("kubectl port-forward[^`\\n]*");

    /** The Service lives in namespace awk-playground: a port-forward without -n finds no svc/awk-playground. */
    @Test
    void everyPortForwardNamesTheNamespace() {
        List<String> commands = new ArrayList<>();
        for (String file : List.of("README.md", "k8s/base/service.yaml", "docs/cluster-lab.md")) {
            Matcher command = PORT_FORWARD.matcher(Project.read(file));
            while (command.find()) {
                commands.add(file + ": " + command.group());
            }
        }
        assertThat(commands.size(), greaterThanOrEqualTo(2));
        for (String command : commands) {
            assertThat(command, command.matches(".*(-n|--namespace)[ =]awk-playground(-insecure)? .*"), is(true));
        }
    }

    /** README's deploy section says how to choose the build's runner, and the hardening demo what the ladder needs. */
    @Test
    void readmeNamesTheVariablesTheBuildAndTheLadderRead() {
        String readme = Project.read("README.md");
        String deploy = readme.substring(readme.indexOf("## Deploy to Kubernetes"), readme.indexOf("## Hardening demo"));
        assertThat(deploy, containsString("BUILD_RUNNER=docker"));
        assertThat(deploy, containsString("scripts/build-image.sh --help"));
        String demo = readme.substring(readme.indexOf("## Hardening demo"), readme.indexOf("## Test it"));
        for (String variable : List.of("DISTROLESS_REGISTRY", "CHAINGUARD_REGISTRY", "CHAINGUARD_JRE_TAG")) {
            assertThat(demo, containsString(variable));
        }
    }
}
