package io.alink.emulator.http;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static io.alink.emulator.TestProducts.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.emulator.testing.HeadlessChromium;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import io.alink.protocol.TopicKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The emulator's console page in a real browser (Debian's chromium), against a real emulator and MQTT devices. */
class ConsolePageBrowserTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());
    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() {
        HeadlessChromium.assumeInstalled();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static WebDriver page(String fragment) {
        WebDriver driver = browser.driver();
        driver.manage().window().setSize(HeadlessChromium.DESKTOP);
        driver.get(emulator.httpUri() + "/" + fragment);
        browser.await(d -> d.findElement(By.id("live")).getText().equals("live"));
        return driver;
    }

    @Test
    void givenAConnectedGateway_whenAServiceIsInvokedFromThePage_thenTheDeviceGetsItAndItsReplyShows() throws Exception {
        emulator.admin().addTopo(gateway(1), sub(1));
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            gw.request(TopicKind.PROPERTY_POST, "thing.event.property.post", AlinkJson.parse("{\"Temp\":21.5}"));
            WebDriver driver = page("#device/a1GwPk0001/gw1");
            CompletableFuture<String> params = CompletableFuture.supplyAsync(() -> {
                TestDevice.Received request = gw.await("/sys/a1GwPk0001/gw1/thing/service/reboot", m -> true);
                gw.publish("/sys/a1GwPk0001/gw1/thing/service/reboot_reply", "{\"id\":\""
                        + request.json().get("id").asText() + "\",\"code\":200,\"data\":{\"rebooted\":\"in 2 s\"}}");
                return request.json().get("params").toString();
            });

            driver.findElement(By.id("service-identifier")).sendKeys("reboot");
            WebElement paramsBox = driver.findElement(By.id("service-params"));
            paramsBox.clear();
            paramsBox.sendKeys("{\"delay\": 2}");
            driver.findElement(By.id("invoke")).click();

            assertThat(params.get(30, TimeUnit.SECONDS)).isEqualTo("{\"delay\":2}");
            String result = browser.await(d -> {
                String text = d.findElement(By.id("action-result")).getText();
                return text.contains("rebooted") ? text : null;
            });
            assertThat(result).contains("Reply to reboot").contains("\"code\": 200").contains("in 2 s");
            browser.await(d -> d.findElement(By.id("device-messages")).getText().contains("thing/service/reboot_reply"));
            browser.screenshot(Path.of("target", "console-emulator.png"));
        }
    }

    @Test
    void givenThePageOpen_whenAGatewayIsRefusedForABadSign_thenTheEventLogShowsTheRefusalWithItsReason() {
        WebDriver driver = page("");
        DeviceId gw = gateway(2);

        TestDevice.tryConnect(emulator.mqttPort(), MqttCredentials.forDevice(gw, "not-its-secret",
                SignMethod.HMAC_SHA256, "2524608000000", false, Map.of()), gw, 60);

        WebElement refusal = browser.await(d -> d.findElements(By.cssSelector("#events li")).stream()
                .filter(li -> li.getText().contains("connect refused")).findFirst().orElse(null));
        assertThat(refusal.getText()).contains("a1GwPk0001/gw2").contains("BAD_USERNAME_OR_PASSWORD")
                .contains("bad sign for a1GwPk0001/gw2");
        assertThat(driver.findElement(By.id("events")).getText()).doesNotContain("not-its-secret");
    }

    @Test
    void givenThePageOpen_whenADeviceSendsAMessage_thenItAppearsWithoutReloadAndItsPayloadPrettyPrintsOnClick() {
        WebDriver driver = page("");
        ((JavascriptExecutor) driver).executeScript("document.body.dataset.loadedOnce = 'yes'");
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(3), secretOf(gateway(3)))) {
            gw.publish("/sys/a1GwPk0001/gw3/thing/event/property/post",
                    "{\"id\":\"7\",\"version\":\"1.0\",\"params\":{\"Temp\":21.5}}");

            WebElement message = browser.await(d -> d.findElements(By.cssSelector("#events li")).stream()
                    .filter(li -> li.getText().contains("device → cloud")
                            && li.getText().contains("/sys/a1GwPk0001/gw3/thing/event/property/post"))
                    .findFirst().orElse(null));
            message.findElement(By.tagName("summary")).click();

            // the page adds the <pre> in its "toggle" handler, which the browser runs as a task after the click
            String pretty = browser.await(d -> message.findElement(By.tagName("pre"))).getText();
            assertThat(AlinkJson.parse(pretty)).isEqualTo(AlinkJson.parse(
                    "{\"id\":\"7\",\"version\":\"1.0\",\"params\":{\"Temp\":21.5}}"));
            assertThat(pretty).contains("\n  \"params\"");
            assertThat(driver.findElement(By.tagName("body")).getDomAttribute("data-loaded-once")).isEqualTo("yes");
        }
    }

    @Test
    void givenThePagePausedFromTheKeyboard_whenAMessageArrives_thenItIsHeldBackUntilResumed() {
        WebDriver driver = page("");
        WebElement pause = driver.findElement(By.id("pause"));
        pause.sendKeys(Keys.ENTER);
        browser.await(d -> "true".equals(pause.getDomAttribute("aria-pressed")));

        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(4), secretOf(gateway(4)))) {
            gw.publish("/sys/a1GwPk0001/gw4/thing/event/property/post",
                    "{\"id\":\"8\",\"version\":\"1.0\",\"params\":{\"Temp\":3}}");
            browser.await(d -> d.findElement(By.id("paused-note")).getText().matches("Paused: [1-9]\\d* new events.*"));
            assertThat(driver.findElement(By.id("events")).getText()).doesNotContain("/sys/a1GwPk0001/gw4/thing/event");

            pause.sendKeys(Keys.ENTER);

            browser.await(d -> d.findElement(By.id("events")).getText().contains("/sys/a1GwPk0001/gw4/thing/event"));
        }
    }

    @Test
    void givenANarrowWindow_whenThePageShows_thenNothingIsWiderThanTheWindow() {
        WebDriver driver = page("#device/a1GwPk0001/gw5");
        try {
            driver.manage().window().setSize(new Dimension(400, 800));

            Object overflow = browser.await(d -> ((JavascriptExecutor) d).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth ? 'fits' : "
                            + "document.documentElement.scrollWidth + ' > ' + window.innerWidth"));
            assertThat(overflow).isEqualTo("fits");
        } finally {
            driver.manage().window().setSize(HeadlessChromium.DESKTOP);
        }
    }
}
