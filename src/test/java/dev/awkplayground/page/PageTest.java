package dev.awkplayground.page;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.helidon.webserver.testing.junit5.ServerTest;
import jakarta.json.Json;
import jakarta.json.JsonReader;
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
    PageTest(URI server) {
        super(server);
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

    /** Every example but "Write a file to /", tested below. The everyday ones use the field separator and a variable. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "Sum a column => total: 15",
            "Count lines, words and characters => 3 lines, 9 words, 44 characters",
            "Reformat CSV => Grace   85  New York",
            "Top n with an array => '3 10.0.0.1\n2 10.0.0.2'",
            "Read /etc/passwd => root:x:0:0:",
            "Print the environment (ENVIRON) => '\nPATH\n'"})
    void examplesLoadAndRun(String example, String expected) {
        browser.loadExample(example);
        browser.run();

        assertThat(browser.text("status"), startsWith("completed, exit code 0"));
        assertThat("\n" + browser.text("output") + "\n", containsString(expected));
    }

    /** The names and their count, but no values: run on a laptop, the host's secrets stay off the screen. */
    @Test
    void theEnvironmentExampleShowsNamesOnly() {
        browser.loadExample("Print the environment (ENVIRON)");
        browser.run();

        String output = browser.text("output");
        assertThat(output, output.matches("(?s).*\n\\d+ variables in ENVIRON"), is(true));
        assertThat(output, not(containsString(System.getenv("PATH"))));
        assertThat(output.lines().count() - 1, is(Long.valueOf(output.lines().toList().getLast().split(" ")[0])));
    }

    /** Run as root, it writes to / for real, under a name of its own that it removes again. */
    @Test
    void theWriteExampleLeavesNothingBehind() throws Exception {
        browser.loadExample("Write a file to /");
        browser.run();

        if (((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0) {
            String output = browser.text("output");
            assertThat(output, output.matches("/awk-playground-\\d+ says: written by AWK"), is(true));
        } else {
            assertThat(browser.text("problem"), containsString("Permission denied"));
        }
        try (Stream<Path> root = Files.list(Path.of("/"))) {
            assertThat(root.map(Path::toString).filter(name -> name.startsWith("/awk-playground-")).toList(),
                    is(empty()));
        }
    }

    /**
     * "Copy as curl" gives a command that a real shell runs against the real service with the same output as the
     * page, for a script and input full of what shells and curl -F treat specially: ; ' " $ and a leading @.
     */
    @Test
    void copyAsCurlRunsTheSameScriptFromAShell() throws Exception {
        browser.script("document.getElementById('script').value = arguments[0];"
                        + "document.getElementById('input').value = arguments[1];",
                "BEGIN { FS = \":\" }\n{ n++; printf \"%s's \\\"%s\\\" costs $%d; \", $1, $2, $3 }\n"
                        + "END { print n \" items; `done` $(id)\" }\n",
                "@tea:Earl's \"Grey\":3\ncake;pie:$HOME \\ back:4\n");
        browser.run();
        String page = (String) browser.script("return document.getElementById('output').textContent");
        assertThat(page, is("@tea's \"Earl's \"Grey\"\" costs $3; cake;pie's \"$HOME \\ back\" costs $4; "
                + "2 items; `done` $(id)\n"));

        browser.byId("copy-curl").click();
        String command = (String) browser.script("return document.getElementById('curl-command').textContent");
        assertThat(command, startsWith("curl -sS --form-string 'text=@tea:Earl'\\''s"));
        assertThat(shell(command), is(page));
    }

    /** The form API has no -F or -v: with them the command uses the JSON API, and its output field matches. */
    @Test
    void copyAsCurlUsesTheJsonApiForAFieldSeparatorOrVariables() throws Exception {
        browser.type("script", "{ print $2, greeting \"'s\" }");
        browser.type("input", "a;b;c");
        browser.type("fs", ";");
        browser.type("vars", "greeting=it");
        browser.run();
        String page = (String) browser.script("return document.getElementById('output').textContent");
        assertThat(page, is("b it's\n"));

        browser.byId("copy-curl").click();
        String command = (String) browser.script("return document.getElementById('curl-command').textContent");
        assertThat(command, containsString("/api/v1/run"));
        try (JsonReader json = Json.createReader(new StringReader(shell(command)))) {
            assertThat(json.readObject().getString("output"), is(page));
        }
    }

    /** Runs a command line with /bin/sh, as a user pasting it would. */
    private static String shell(String command) throws IOException, InterruptedException {
        Process shell = new ProcessBuilder("/bin/sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat("exit status of: " + command, shell.waitFor(), is(0));
        return out;
    }

    @Test
    void theExploitExampleRunsACommandOnTheServer() {
        browser.loadExample("Run a command: system(\"id\")");
        assertThat(browser.value("script"), containsString("system(\"id\")"));
        browser.run();

        assertThat(browser.text("output"), startsWith("uid="));
        browser.screenshot("exploit");
    }

    @Test
    void aSyntaxErrorShowsTitleDetailAndLineAndTheLineCanBeSelected() {
        browser.type("script", "BEGIN {\nprint 1 +\n}");
        browser.run();

        String problem = browser.text("problem");
        assertThat(problem, is("The AWK script does not compile: line 2 expected a value (a number, a string, "
                + "a variable or a function call), found the end of the line"));
        assertThat(browser.text("status"), is("Not run (HTTP 422)"));
        browser.screenshot("syntax-error");

        browser.all("#problem button.line").getFirst().click();
        assertThat(browser.script("const s = document.getElementById('script');"
                + "return s.value.substring(s.selectionStart, s.selectionEnd)"), is("print 1 +"));
    }

    @Test
    void aRuntimeErrorShowsTheMessageNearItsLine() {
        browser.type("script", "BEGIN {\nx = 1\ny = x / 0\n}");
        browser.run();

        assertThat(browser.text("status"), startsWith("error, exit code 2"));
        assertThat(browser.text("problem"), containsString("division by zero attempted"));
        assertThat(browser.text("problem"), containsString("near line 3"));
        assertThat("the line is marked in the editor", markedLines(),
                is(List.of("3", "y = x / 0")));
    }

    @Test
    void theEditorNumbersItsLinesAndMarksASyntaxErrorsLineUntilTheNextRun() {
        browser.type("script", "BEGIN {\nprint 1 +\n}");
        assertThat(browser.text("script-lines"), is("1\n2\n3"));
        assertThat(markedLines(), is(List.of()));

        browser.run();
        assertThat(markedLines(), is(List.of("2", "print 1 +")));
        browser.screenshot("error-line");

        browser.type("script", "BEGIN {\nprint 1 + 2\n}");
        browser.run();
        assertThat(browser.text("output"), is("3"));
        assertThat(markedLines(), is(List.of()));
    }

    /** The number and the code of the lines marked as an error's, in the gutter and in the coloured layer. */
    @SuppressWarnings("unchecked")
    private static List<String> markedLines() {
        return (List<String>) browser.script("return [...document.querySelectorAll("
                + "'#script-lines .error-line, #script-highlight .error-line')].map(e => e.textContent)");
    }

    @Test
    void theScriptIsColouredAsAwkAndTheColouredCopyLinesUpWithTheText() {
        browser.type("script", "BEGIN { n = split($0, parts, /,/) # count\n\tprint \"x\", NR, n / 2, 1.5 }");

        assertThat(tokens("keyword"), is(List.of("BEGIN", "print")));
        assertThat(tokens("builtin"), is(List.of("split")));
        assertThat(tokens("field"), is(List.of("$0")));
        assertThat(tokens("regex"), is(List.of("/,/")));
        assertThat("a slash after an operand divides", tokens("number"), is(List.of("2", "1.5")));
        assertThat(tokens("comment"), is(List.of("# count")));
        assertThat(tokens("string"), is(List.of("\"x\"")));
        assertThat(tokens("variable"), is(List.of("NR")));
        assertThat(browser.script("return document.getElementById('script-highlight').textContent"),
                is(browser.value("script") + "\n"));
        assertThat("the textarea's own text is see-through",
                browser.byId("script").getCssValue("color"), is("rgba(0, 0, 0, 0)"));
        browser.screenshot("highlighting");
    }

    @SuppressWarnings("unchecked")
    private static List<String> tokens(String kind) {
        return (List<String>) browser.script("return [...document.querySelectorAll('#script-highlight .tok-' + "
                + "arguments[0])].map(e => e.textContent)", kind);
    }

    @Test
    void darkModeFollowsTheSystemsColourScheme() {
        assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"), is("rgb(255, 255, 255)"));
        try {
            browser.devTools("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"), is("rgb(22, 23, 27)"));
            assertThat(browser.script("return getComputedStyle(document.body).color"), is("rgb(230, 230, 234)"));
            browser.type("script", "BEGIN { print \"dark\" }");
            browser.run();
            assertThat(browser.text("output"), is("dark"));
            browser.screenshot("dark");
        } finally {
            browser.devTools("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void pickingAnExampleLoadsItClearsTheLastResultAndAnEditUnnamesIt() {
        browser.type("script", "BEGIN { print \"old\"; y = 1 / 0 }");
        browser.run();
        assertThat(browser.text("output"), is("old"));
        assertThat(browser.byId("problem").isDisplayed(), is(true));

        browser.loadExample("Run a command: system(\"id\")");
        assertThat(browser.value("script"), is("BEGIN { system(\"id\") }\n"));
        assertThat(browser.text("output"), is(""));
        assertThat(browser.text("status"), is(""));
        assertThat(browser.byId("problem").isDisplayed(), is(false));
        assertThat(browser.pickedExample(), is("Run a command: system(\"id\")"));

        browser.byId("script").sendKeys(Keys.END, " # mine");
        assertThat(browser.pickedExample(), is("Choose an example…"));
        browser.loadExample("Run a command: system(\"id\")");
        assertThat("picked again, it loads again", browser.value("script"), is("BEGIN { system(\"id\") }\n"));
    }

    @Test
    void aResultIsMarkedAsThePreviousRunsWhileANewRunGoesAndOnceTheScriptChanges() {
        browser.type("script", "BEGIN { print \"first\"; y = 1 / 0 }");
        browser.run();
        assertThat(browser.byId("stale-note").isDisplayed(), is(false));

        browser.type("script", "BEGIN { print \"second\"; while (1) {} }");
        assertThat(browser.text("stale-note"), containsString("changed since this run"));
        browser.byId("run").click();
        browser.awaitStatus("Running… \\d+\\.\\d s");
        assertThat("the old error is gone at once", browser.byId("problem").isDisplayed(), is(false));
        assertThat(browser.text("stale-note"), containsString("previous run"));
        assertThat(browser.text("output"), is("first"));

        browser.awaitResult();
        assertThat(browser.text("status"), startsWith("timeout"));
        assertThat(browser.text("output"), is("second"));
        assertThat(browser.byId("stale-note").isDisplayed(), is(false));
    }

    @Test
    void theCheatSheetIsServedHereAndLinkedFromThePage() {
        browser.byId("reference").click();
        assertThat(browser.script("return document.title"), is("AWK cheat sheet · AWK playground"));
        assertThat(browser.script("return location.href"), is(page + "awk.html"));
        assertThat((String) browser.script("return document.body.innerText"), containsString("system(\"id\")"));
    }

    @Test
    void theShortcutHintSaysCmdOnAMacAndIsHiddenOnATouchScreen() {
        assertThat(browser.text("run-keys"), is("Ctrl+Enter"));
        String userAgent = (String) browser.script("return navigator.userAgent");
        try {
            browser.devTools("Emulation.setUserAgentOverride", Map.of("userAgent", userAgent, "platform", "MacIntel",
                    "userAgentMetadata", Map.of("platform", "macOS", "platformVersion", "14.0", "architecture", "arm",
                            "model", "", "mobile", false)));
            browser.reload();
            assertThat("platform " + browser.script("return navigator.platform"), browser.text("run-keys"),
                    is("Cmd+Enter"));
            browser.byId("script").sendKeys(Keys.chord(Keys.META, Keys.ENTER));
            browser.awaitResult();
            assertThat("Cmd+Enter runs", browser.text("status"), startsWith("completed"));

            browser.devTools("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
            browser.reload();
            assertThat(browser.byId("run-keys").isDisplayed(), is(false));
        } finally {
            browser.devTools("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
            browser.devTools("Emulation.setUserAgentOverride", Map.of("userAgent", userAgent));
        }
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
        assertThat(reached, hasItems("reference", "examples", "run", "share", "script", "input", "fs", "vars"));
    }

    @Test
    void atPhoneWidthTheEditorsStackAndNothingScrollsSideways() {
        browser.resize(Browser.PHONE);
        browser.reload();
        browser.run();

        long pageWidth = (Long) browser.script("return document.documentElement.scrollWidth");
        long viewWidth = (Long) browser.script("return window.innerWidth");
        assertThat(pageWidth, lessThanOrEqualTo(viewWidth));
        assertThat(browser.all("label[for=input]").getFirst().getLocation().getX(),
                is(browser.all("label[for=script]").getFirst().getLocation().getX()));
        assertThat("the result was scrolled into sight",
                (Boolean) browser.script("return document.getElementById('output').getBoundingClientRect().top"
                        + " < window.innerHeight"), is(true));
        browser.screenshot("phone");
    }
}
