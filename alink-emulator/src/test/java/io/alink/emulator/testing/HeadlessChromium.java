package io.alink.emulator.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium}, headless, driven through its {@code chromedriver} for the consoles' browser tests. Both
 * paths are given, so Selenium Manager never runs and nothing is downloaded; the profile is a fresh folder each time.
 *
 * <pre>{@code
 * HeadlessChromium.assumeInstalled();
 * try (HeadlessChromium browser = HeadlessChromium.start()) { browser.driver().get(url); }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    /** The size the pages are checked and photographed at. */
    public static final Dimension DESKTOP = new Dimension(1280, 800);
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the test, saying why, when chromedriver is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(DRIVER), DRIVER + " is not installed (apt-get install chromium"
                + " chromium-driver): the browser tests are skipped");
    }

    public static HeadlessChromium start() {
        Path profile;
        try {
            profile = Files.createTempDirectory("alink-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(BINARY.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Waits up to {@link #WAIT} for the condition to hold (a non-null, non-false value) and returns its value. The live
     * pages replace their rows as updates arrive, so an element gone stale between finding and reading it counts as
     * "not yet", like one not found.
     */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /** Writes a PNG of the page as a {@link #DESKTOP}-sized window shows it to {@code file}, creating its folder. */
    public void screenshot(Path file) {
        // the window's size includes what a headless window still reserves for its frame: the viewport is set instead
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", DESKTOP.width,
                "height", DESKTOP.height, "deviceScaleFactor", 1, "mobile", false));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile.toFile());
        }
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }
}
