package dev.awkplayground.page;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * A long run shows its elapsed time, and Cancel (the button or Esc) ends it on the server: its run slot is free again
 * long before the time limit, set here far beyond the test's wait, would have freed it.
 */
@ServerTest
@Settings("playground.limits.time=60s")
class PageCancelTest extends PageTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(20);

    PageCancelTest(URI server) {
        super(server);
    }

    @Test
    void theCancelButtonEndsTheRunOnTheServer() throws InterruptedException {
        startEndlessRun();
        browser.byId("cancel").click();
        assertCancelled();
    }

    @Test
    void escEndsTheRunOnTheServer() throws InterruptedException {
        startEndlessRun();
        browser.press(Keys.ESCAPE);
        assertCancelled();
    }

    private static void startEndlessRun() throws InterruptedException {
        browser.type("script", "BEGIN { while (1) {} }");
        assertThat(browser.byId("cancel").isDisplayed(), is(false));
        browser.byId("run").click();
        browser.awaitStatus("Running… \\d+\\.\\d s");
        String first = browser.text("status");
        browser.awaitStatus("(?!" + Pattern.quote(first) + "$)Running… \\d+\\.\\d s");
        assertThat("the elapsed time goes on", browser.text("status"), not(first));
        assertThat(browser.byId("cancel").isDisplayed(), is(true));
        awaitActiveRunsExactly(1);
    }

    private static void assertCancelled() throws InterruptedException {
        browser.awaitStatus("Cancelled after .*");
        assertThat(browser.text("status"), startsWith("Cancelled after "));
        assertThat(browser.byId("run").isEnabled(), is(true));
        assertThat(browser.byId("cancel").isDisplayed(), is(false));
        awaitActiveRunsExactly(0);
    }

    private static void awaitActiveRunsExactly(int expected) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (engine().activeRuns() != expected && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat("runs active on the server", engine().activeRuns(), is(expected));
    }
}
