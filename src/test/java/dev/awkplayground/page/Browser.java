package dev.awkplayground.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (Selenium cannot download a driver here), with a
 * fresh profile that is deleted on close. It records the page's console and its Content-Security-Policy violations so
 * that a test can assert there were none.
 */
final class Browser implements AutoCloseable {
    /** Debian's paths; {@code -Dpage.chromium=...} and {@code -Dpage.chromedriver=...} name others. */
    static final Path CHROMIUM = Path.of(System.getProperty("page.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("page.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "page-screenshots");
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    /** Runs in every page before the page's own script: collects CSP violations, which no page script can hide. */
    private static final String RECORD_VIOLATIONS = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push("
            + "e.violatedDirective + ' blocked ' + e.blockedURI));";

    /**
     * Console errors that are not the page's fault: Chromium logs every 4xx answer to fetch, and the API answers
     * 400, 413 and 422 problems that the page shows as it should.
     */
    private static final String EXPECTED_PROBLEM_RESPONSE =
            ".*/api/v1/run - Failed to load resource: the server responded with a status of (400|413|422)\\b.*";

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> consoleErrors = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * What of the browser is not installed, or {@code null} when both Chromium and chromedriver are there.
     */
    static String missing() {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER)
                .filter(path -> !Files.isExecutable(path))
                .map(Path::toString)
                .toList();
        return missing.isEmpty() ? null : "Not installed: " + String.join(", ", missing)
                + "; the page tests need `apt-get install -y chromium chromium-driver`";
    }

    /** Starts the browser, which must be installed. */
    static Browser start() {
        try {
            Path profile = Files.createTempDirectory("page-test-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a page with empty local storage. */
    void openFresh(URI page) {
        driver.get(page.toString());
        script("localStorage.clear()");
        driver.navigate().refresh();
    }

    void open(String url) {
        driver.get(url);
    }

    void reload() {
        collectConsoleErrors();
        driver.navigate().refresh();
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    List<WebElement> all(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    String text(String id) {
        return byId(id).getText();
    }

    /** The value of a form field, as the page's script sees it. */
    String value(String id) {
        return (String) script("return document.getElementById(arguments[0]).value", id);
    }

    /** Types into a field the way a user does, key by key. */
    void type(String id, String text) {
        WebElement field = byId(id);
        field.clear();
        field.sendKeys(text);
    }

    /** Picks an example in the list, which loads it. */
    void loadExample(String name) {
        new Select(byId("examples")).selectByVisibleText(name);
    }

    /** The name the example picker shows. */
    String pickedExample() {
        return new Select(byId("examples")).getFirstSelectedOption().getText();
    }

    /** Sends a Chrome DevTools Protocol command, for what a page cannot be told otherwise (colour scheme, platform). */
    void devTools(String command, Map<String, Object> parameters) {
        driver.executeCdpCommand(command, parameters);
    }

    /** Clicks Run and waits for the answer. */
    void run() {
        script("document.getElementById('status').textContent = ''");
        byId("run").click();
        awaitResult();
    }

    /** Waits until the page shows the answer to a run. */
    void awaitResult() {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            String status = text("status");
            return !status.isEmpty() && !status.startsWith("Running") && byId("run").isEnabled();
        });
    }

    /** Waits until the status line matches a regular expression. */
    void awaitStatus(String regex) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> text("status").matches(regex));
    }

    /** Presses keys in whatever has the focus. */
    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** The id of the element that has the focus. */
    String focusedId() {
        return driver.switchTo().activeElement().getAttribute("id");
    }

    Object script(String javaScript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javaScript, arguments);
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /** Saves a screenshot of the whole page, at the window's width, under target/page-screenshots. */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long chrome = (Long) script("return window.outerHeight - window.innerHeight");
        long page = (Long) script("return document.documentElement.scrollHeight");
        resize(new Dimension(window.width, (int) (page + chrome)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            resize(window);
        }
    }

    /**
     * What went wrong in the page since the last call: console errors (CSP violations among them) and the
     * violations the page reported itself.
     */
    @SuppressWarnings("unchecked")
    List<String> problems() {
        List<String> problems = new ArrayList<>((List<String>) script("return window.cspViolations || []"));
        collectConsoleErrors();
        problems.addAll(consoleErrors);
        consoleErrors.clear();
        return problems;
    }

    /** Every URL the current page loaded. */
    @SuppressWarnings("unchecked")
    List<String> resourcesLoaded() {
        return (List<String>) script("return performance.getEntriesByType('resource').map(r => r.name)");
    }

    private void collectConsoleErrors() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.WARNING.intValue()
                    && !entry.getMessage().matches(EXPECTED_PROBLEM_RESPONSE)) {
                consoleErrors.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
