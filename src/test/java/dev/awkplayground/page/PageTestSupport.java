package dev.awkplayground.page;

import java.io.IOException;
import java.net.URI;

import dev.awkplayground.PlaygroundTestBase;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The playground's page in one browser for a test class; each test starts on the page with empty local storage, and
 * ends with no console errors, no Content-Security-Policy violations and nothing loaded from anywhere but the service.
 */
abstract class PageTestSupport extends PlaygroundTestBase {
    static Browser browser;
    final URI page;

    /** The browser is sent to the loopback address itself, so the server listens there. */
    @SetUpServer
    static void loopbackAddress(WebServerConfig.Builder server) {
        server.host("127.0.0.1");
    }

    /**
     * @param server the address of the server under test; the browser uses its port on the loopback address itself,
     *               never a name that might resolve elsewhere
     */
    PageTestSupport(URI server) {
        this.page = URI.create("http://127.0.0.1:" + server.getPort() + "/");
    }

    /**
     * Without Chromium the tests are skipped one by one, saying what is missing; under {@code CI=true} they fail.
     */
    @BeforeAll
    static void startBrowser() {
        String missing = Browser.missing();
        if (missing == null) {
            browser = Browser.start();
        } else if ("true".equals(System.getenv("CI"))) {
            fail(missing);
        }
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openPage() {
        assumeTrue(browser != null, Browser::missing);
        browser.resize(Browser.DESKTOP);
        browser.openFresh(page);
    }

    @AfterEach
    void pageStayedClean() {
        if (browser == null) {
            return;
        }
        assertThat("console errors and CSP violations", browser.problems(), is(empty()));
        assertThat(browser.resourcesLoaded(), everyItem(startsWith(page.toString())));
    }
}
