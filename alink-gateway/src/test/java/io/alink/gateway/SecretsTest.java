package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Everything the library and its MQTT client log during a full gateway life, searched for secrets. */
class SecretsTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    @Test
    void givenAFullGatewayLifeIncludingFailures_whenItsLogIsRead_thenNoSecretAppearsInIt() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        List<Logger> watched = List.of((Logger) LoggerFactory.getLogger("io.alink.gateway"),
                (Logger) LoggerFactory.getLogger("com.hivemq.client"));
        List<Level> levels = watched.stream().map(Logger::getLevel).toList();
        watched.forEach(logger -> {
            logger.addAppender(log);
            logger.setLevel(Level.TRACE);
        });
        List<String> secrets = new ArrayList<>(List.of(TestPlatform.GATEWAY_PRODUCT_SECRET));
        try {
            DeviceId gatewayId = emulator.newUnregisteredGateway();
            GatewayClient client = GatewayClient.create(GatewayConfig.builder()
                    .productKey(gatewayId.productKey()).deviceName(gatewayId.deviceName())
                    .productSecret(TestPlatform.GATEWAY_PRODUCT_SECRET)
                    .endpoint("127.0.0.1", emulator.mqttPort(), false)
                    .registrationUri(emulator.registrationUri())
                    .requestTimeout(TestPlatform.REQUEST_TIMEOUT)
                    .storeDir(store).build());
            secrets.add(await(client.connect()).deviceSecret());
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
            subs.forEach(s -> secrets.add(s.deviceSecret()));
            await(client.addTopo(subs));
            failure(client.addTopo(List.of(new SubDeviceCredentials(subs.get(0).device(), "WrongSubSecret77", null))),
                    AlinkReplyException.class);
            secrets.add("WrongSubSecret77");
            await(client.login(subs));
            List<SubDeviceCredentials> issued = await(client.registerSubDevices(
                    List.of(emulator.newUnregisteredDevice(TestPlatform.SUB_PK))));
            issued.forEach(s -> secrets.add(s.deviceSecret()));
            client.onServiceCall(ServiceHandler.sync(call -> {
                throw new IllegalStateException("handler failure");
            }));
            await(emulator.admin().invokeService(gatewayId, "reboot", AlinkJson.object(), Duration.ofSeconds(30)));
            await(client.postProperties(subs.get(0).device(), Map.of("Temp", 1)));
            await(client.closeAsync());
        } finally {
            for (int i = 0; i < watched.size(); i++) {
                watched.get(i).detachAppender(log);
                watched.get(i).setLevel(levels.get(i));
            }
        }

        assertThat(log.list).isNotEmpty();
        for (ILoggingEvent event : log.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).as(event.getLoggerName()).doesNotContain(secrets);
        }
    }
}
