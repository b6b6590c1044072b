package dev.awkplayground.page;

import java.net.URI;

import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The same page in front of a sandboxed service: a green badge, and the exploits refused with the service's reasons.
 */
@ServerTest
@Settings("playground.mode=sandboxed")
class PageSandboxedTest extends PageTestSupport {
    PageSandboxedTest(URI server) {
        super(server);
    }

    @Test
    void theBadgeIsGreen() {
        assertThat(browser.text("mode"), is("sandboxed"));
        assertThat(browser.byId("mode").getCssValue("background-color"), is("rgba(30, 107, 52, 1)"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "Run a command: system(\"id\") => system() is refused in sandboxed mode: it runs a command",
            "Read /etc/passwd => getline < file is refused in sandboxed mode: it reads a file",
            "Write a file to / => print > file is refused in sandboxed mode: it writes a file; only \"/dev/stdout\" and \"/dev/stderr\" may be written"})
    void theExploitsAreRefusedWithTheReason(String example, String detail) {
        browser.loadExample(example);
        browser.run();

        assertThat(browser.text("problem"), is("Refused in sandboxed mode: " + detail));
        assertThat(browser.text("output"), is(""));
        if (example.contains("system")) {
            browser.screenshot("sandboxed");
        }
    }

    @Test
    void theEnvironmentIsEmpty() {
        browser.loadExample("Print the environment (ENVIRON)");
        browser.run();

        assertThat(browser.text("status"), startsWith("completed, exit code 0"));
        assertThat(browser.text("output"), is("0 variables in ENVIRON"));
    }
}
