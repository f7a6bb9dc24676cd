package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.testing.EmulatorExtension;
import io.alink.emulator.testing.HeadlessChromium;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** The daemon's status page in a real browser (Debian's chromium), with a daemon connected to a real emulator. */
class StatusPageBrowserTest {
    private static final TestGateways GATEWAYS = TestGateways.of(3, 0, "gwpage");
    private static final List<DeviceId> SUBS = GATEWAYS.subDevicesOf("gwpage");
    private static final String TOKEN = "page-test-token-0123456789";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @RegisterExtension
    static final DaemonUnderTest daemon = new DaemonUnderTest();

    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        daemon.start(dir, GATEWAYS.yaml("gwpage", emulator.mqttPort(), daemon.store(dir), "")
                .replace("commandTimeoutMs: 20000}", "commandTimeoutMs: 20000, token: " + TOKEN + "}"));
        browser = daemon.closeAfterwards(HeadlessChromium.start());
    }

    /** Read in one script call: the page may replace the row between a find and a read in two calls. */
    private static String stateOf(WebDriver driver, DeviceId sub) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector('#sub-' + CSS.escape(arguments[0]) + ' .state');"
                        + " return e ? e.innerText.trim() : null;", sub.toString());
    }

    @Test
    void givenThePageOpenedWithTheToken_whenASubDeviceIsDisabledInTheCloud_thenItShowsOfflineWithoutReload() {
        WebDriver driver = browser.driver();
        driver.manage().window().setSize(HeadlessChromium.DESKTOP);
        driver.get(daemon.daemon().southboundUri() + "/?token=" + TOKEN);
        browser.await(d -> d.findElement(By.id("live")).getText().equals("live"));
        browser.await(d -> SUBS.stream().allMatch(sub -> "online".equals(stateOf(d, sub))));
        assertThat(driver.getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("connected");
        assertThat(driver.findElement(By.id("endpoint")).getText()).isEqualTo("127.0.0.1:" + emulator.mqttPort()
                + " (plain TCP)");

        emulator.admin().setEnabled(SUBS.get(0), false);

        browser.await(d -> "offline".equals(stateOf(d, SUBS.get(0))));
        assertThat(stateOf(driver, SUBS.get(1))).isEqualTo("online");
        browser.await(d -> d.findElement(By.id("sub-" + SUBS.get(0))).getText().contains("disabled in the cloud"));
        browser.await(d -> d.findElement(By.id("errors")).getText().contains(SUBS.get(0) + " removed"));
        assertThat(driver.findElements(By.tagName("button"))).isEmpty();
        assertThat(driver.findElements(By.tagName("form"))).isEmpty();
        browser.screenshot(Path.of("target", "console-daemon.png"));
    }

    @Test
    void givenNoToken_whenThePageOpens_thenItSaysItNeedsOneAndShowsNoData() {
        WebDriver driver = browser.driver();
        driver.get(daemon.daemon().southboundUri() + "/");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.navigate().refresh();

        browser.await(d -> d.findElement(By.id("live")).getText().contains("needs its southbound token"));
        assertThat(driver.findElement(By.id("devices")).getText()).isEmpty();
    }
}
