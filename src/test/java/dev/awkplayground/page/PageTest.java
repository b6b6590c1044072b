package dev.awkplayground.page;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.awkplayground.TestServers;
import dev.awkplayground.engine.AwkEngine;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.AfterStop;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The playground page in a real browser, against the real service in vulnerable mode.
 */
@ServerTest
class PageTest extends PageTestSupport {
    private static AwkEngine engine;

    PageTest(URI server) {
        super(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        engine = TestServers.setUp(server.host("127.0.0.1"), Map.of());
    }

    @AfterStop
    static void closeEngine() {
        engine.close();
    }

    @Test
    void runsAScriptOnTheInputAndShowsTheOutput() {
        browser.type("script", "{print $1}");
        browser.type("input", "hello world");
        browser.run();

        assertThat(browser.text("output"), is("hello"));
        assertThat(browser.text("status"), startsWith("completed, exit code 0, "));
        assertThat(browser.byId("problem").isDisplayed(), is(false));
        browser.screenshot("hello");
    }

    @Test
    void tabInsertsATabAndCtrlEnterRuns() {
        WebElement script = browser.byId("script");
        script.clear();
        script.sendKeys("BEGIN {", Keys.TAB, "printf \"[%s]\", \"x\" }");
        assertThat(browser.value("script"), is("BEGIN {\tprintf \"[%s]\", \"x\" }"));
        assertThat("focus stayed in the editor", browser.script("return document.activeElement.id"), is("script"));

        browser.script("document.getElementById('status').textContent = ''");
        script.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        browser.awaitResult();
        assertThat(browser.text("output"), is("[x]"));
    }

    /**
     * Every example but "Write a file to /", which would write to the test machine's root; the sandboxed test runs it
     * (refused). The everyday ones use the field separator and a variable.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "Sum a column => total: 15",
            "Count lines, words and characters => 3 lines, 9 words, 44 characters",
            "Reformat CSV => Grace   85  New York",
            "Top n with an array => '3 10.0.0.1\n2 10.0.0.2'",
            "Read /etc/passwd => root:x:0:0:",
            "Print the environment (ENVIRON) => PATH=/"})
    void examplesLoadAndRun(String example, String expected) {
        browser.loadExample(example);
        browser.run();

        assertThat(browser.text("status"), startsWith("completed, exit code 0"));
        assertThat(browser.text("output"), containsString(expected));
    }

    @Test
    void theExploitExampleRunsACommandOnTheServer() {
        browser.loadExample("Run a command: system(\"id\")");
        assertThat(browser.value("script"), containsString("system(\"id\")"));
        browser.run();

        assertThat(browser.text("output"), startsWith("uid="));
        // The README's picture: the red badge and the hole it warns of.
        browser.screenshot("playground");
    }

    @Test
    void aSyntaxErrorShowsTitleDetailAndLineAndTheLineCanBeSelected() {
        browser.type("script", "BEGIN {\nprint 1 +\n}");
        browser.run();

        String problem = browser.text("problem");
        assertThat(problem, startsWith("The AWK script does not compile: "));
        assertThat(problem, containsString("line 2"));
        assertThat("no raw JSON", problem, not(containsString("{")));
        assertThat(browser.text("status"), is("Not run (HTTP 422)"));
        browser.screenshot("syntax-error");

        browser.all("#problem button.line").getFirst().click();
        assertThat(browser.script("const s = document.getElementById('script');"
                + "return s.value.substring(s.selectionStart, s.selectionEnd)"), is("print 1 +"));
    }

    @Test
    void aRuntimeErrorShowsTheMessageNearItsLine() {
        browser.type("script", "BEGIN {\nx = 1\ngetline line < \"/no/such/file\"\n}");
        browser.run();

        assertThat(browser.text("status"), startsWith("error, exit code 2"));
        assertThat(browser.text("problem"), containsString("cannot open \"/no/such/file\""));
        assertThat(browser.text("problem"), containsString("near line"));
    }

    @Test
    void theBadgeAndLimitsComeFromTheService() {
        assertThat(browser.text("mode"), is("vulnerable"));
        assertThat(browser.byId("mode").getCssValue("background-color"), is("rgba(179, 38, 30, 1)"));
        // The test profile's limits, not the defaults: the page read them from /api/v1/info.
        assertThat(browser.text("limits"), containsString("time 2 s, 4 runs at once"));
        assertThat(browser.text("limits"), containsString("script 64 KiB"));
    }

    @Test
    void htmlInTheOutputAndInProblemsIsShownAsText() {
        browser.type("script", "BEGIN { print \"<img src=x onerror=alert(1)>\" }");
        browser.run();
        assertThat(browser.text("output"), is("<img src=x onerror=alert(1)>"));
        assertThat(browser.all("img"), is(empty()));

        browser.type("vars", "<b>x</b>=1");
        browser.run();
        assertThat(browser.text("problem"), containsString("'<b>x</b>' is not an AWK variable name"));
        assertThat(browser.all("b"), is(empty()));
    }

    @Test
    void scriptAndInputSurviveAReload() {
        browser.type("script", "{ print NR }");
        browser.type("input", "a\nb");
        browser.reload();

        assertThat(browser.value("script"), is("{ print NR }"));
        assertThat(browser.value("input"), is("a\nb"));
    }

    @Test
    void theShareLinkCarriesEverythingInItsFragment() {
        browser.type("script", "{ print x, $2 }");
        browser.type("input", "a:b & c");
        browser.type("fs", ":");
        browser.type("vars", "x=1");
        String link = browser.byId("share").getAttribute("href");
        assertThat(link, startsWith(page + "#"));

        browser.openFresh(page);
        browser.open("about:blank");
        browser.open(link);
        assertThat(browser.value("script"), is("{ print x, $2 }"));
        assertThat(browser.value("input"), is("a:b & c"));
        assertThat(browser.value("fs"), is(":"));
        assertThat(browser.value("vars"), is("x=1"));
        browser.run();
        assertThat(browser.text("output"), is("1 b & c"));

        browser.type("script", "{ print x }");
        browser.reload();
        assertThat("the fragment followed the edit", browser.value("script"), is("{ print x }"));
    }

    @Test
    void everyControlIsLabelledAndReachedWithTheKeyboard() {
        assertThat("controls without a label",
                browser.script("return [...document.querySelectorAll('input, select, textarea')]"
                        + ".filter(c => c.labels.length === 0).map(c => c.id)"), is(List.of()));

        browser.script("document.activeElement.blur()");
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (List.of("script", "input").contains(browser.focusedId())) {
                browser.press(Keys.ESCAPE); // the way out of an editor where Tab inserts a tab
            }
            browser.press(Keys.TAB);
            reached.add(browser.focusedId());
        }
        assertThat(reached, hasItems("examples", "load-example", "run", "share", "script", "input", "fs", "vars"));
    }

    @Test
    void atPhoneWidthTheEditorsStackAndNothingScrollsSideways() {
        browser.resize(Browser.PHONE);
        browser.reload();
        browser.run();

        long pageWidth = (Long) browser.script("return document.documentElement.scrollWidth");
        long viewWidth = (Long) browser.script("return window.innerWidth");
        assertThat(pageWidth, lessThanOrEqualTo(viewWidth));
        assertThat(browser.byId("input").getLocation().getX(), is(browser.byId("script").getLocation().getX()));
        assertThat("the result was scrolled into sight",
                (Boolean) browser.script("return document.getElementById('output').getBoundingClientRect().top"
                        + " < window.innerHeight"), is(true));
        browser.screenshot("phone");
    }
}
