package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.CLOUD_TIMEOUT;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The seed's {@code Gateway}: every method and every event, against a running emulator. */
class GatewayTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private final Events events = new Events();

    /** Every event of a gateway, queued as it arrives. */
    static final class Events {
        private final Map<Integer, BlockingQueue<Map<String, Object>>> queues = new ConcurrentHashMap<>();

        void recordAll(Gateway gateway) {
            for (int event : List.of(Gateway.ON_CONNECT, Gateway.ON_DISCONNECT, Gateway.ON_SUBCRIBE, Gateway.ON_LOGIN,
                    Gateway.ON_LOGOUT, Gateway.ON_TOPOADD, Gateway.ON_TOPOREMOVE, Gateway.ON_TOPOGET,
                    Gateway.ON_SUBREGISTER)) {
                assertThat(gateway.on(event, queue(event)::add)).isZero();
            }
        }

        BlockingQueue<Map<String, Object>> queue(int event) {
            return queues.computeIfAbsent(event, e -> new LinkedBlockingQueue<>());
        }

        Map<String, Object> next(int event) {
            try {
                Map<String, Object> data = queue(event).poll(30, TimeUnit.SECONDS);
                assertThat(data).as("event %d", event).isNotNull();
                return data;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Gateway newGateway() {
        Gateway gateway = new Gateway(store);
        emulator.closeAfterTest(gateway::end);
        events.recordAll(gateway);
        return gateway;
    }

    private static Map<String, Object> keyInfo(DeviceIdentity device, int mqttPort) {
        Map<String, Object> info = new HashMap<>();
        info.put("region", "cn-shanghai");
        info.put("productKey", device.id().productKey());
        info.put("deviceName", device.id().deviceName());
        info.put("deviceSecret", device.deviceSecret());
        info.put("keepaliveSec", 60);
        info.put("requestTimeoutMs", TestPlatform.REQUEST_TIMEOUT.toMillis());
        info.put("endpoint", Map.of("host", "127.0.0.1", "port", mqttPort, "tls", false));
        return info;
    }

    private Gateway connectedGateway(DeviceIdentity device) {
        Gateway gateway = newGateway();
        assertThat(gateway.connect(keyInfo(device, emulator.mqttPort()))).isZero();
        assertThat(events.next(Gateway.ON_CONNECT)).containsEntry("code", 0);
        return gateway;
    }

    private static List<Map<String, Object>> subdevInfo(List<SubDeviceCredentials> subs) {
        return subs.stream().map(s -> Map.<String, Object>of("productKey", s.device().productKey(),
                "deviceName", s.device().deviceName(), "deviceSecret", s.deviceSecret())).toList();
    }

    @Test
    void givenTheSeedsWalkThrough_whenEachMethodIsCalled_thenEachEventReportsSuccessShapedLikeTheSeed() {
        DeviceIdentity device = emulator.newGateway();
        Gateway gateway = newGateway();
        assertThat(gateway.getGatewayInfo()).isNull();
        assertThat(gateway.getGatewayHandle()).isNull();

        assertThat(gateway.connect(keyInfo(device, emulator.mqttPort()))).isZero();
        Map<String, Object> connected = events.next(Gateway.ON_CONNECT);
        assertThat(connected).containsEntry("code", 0).containsEntry("handle", gateway.getGatewayHandle());
        assertThat(gateway.getGatewayInfo()).containsEntry("productKey", device.id().productKey())
                .containsEntry("deviceName", device.id().deviceName())
                .containsEntry("deviceSecret", device.deviceSecret())
                .containsKey("productSecret");
        assertThat(gateway.getGatewayHandle().isConnected()).isTrue();

        BlockingQueue<Map<String, Object>> ntp = new LinkedBlockingQueue<>();
        assertThat(gateway.getNtpTime(ntp::add)).isSameAs(gateway);
        Map<String, Object> time = poll(ntp);
        assertThat(time).containsKeys("year", "month", "day", "hour", "minute", "second", "msecond", "timestamp");
        assertThat((Long) time.get("timestamp")).isCloseTo(System.currentTimeMillis(),
                within(5_000L));

        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
        List<Map<String, Object>> subdevInfo = subdevInfo(subs);
        assertThat(gateway.addTopo(subdevInfo)).isZero();
        assertThat(events.next(Gateway.ON_TOPOADD)).containsEntry("code", 0);

        assertThat(gateway.getTopo()).isZero();
        Map<String, Object> topo = events.next(Gateway.ON_TOPOGET);
        assertThat(topo).containsEntry("code", 0);
        assertThat(AlinkJson.parse((String) topo.get("message"))).hasSize(2);
        assertThat(((TopoList) topo.get("topo")).devices()).hasSize(2);

        assertThat(gateway.login(subdevInfo)).isZero();
        assertThat(events.next(Gateway.ON_LOGIN)).containsEntry("code", 0);
        assertThat(subs).allMatch(s -> emulator.online(s.device()));

        DeviceId unregistered = emulator.newUnregisteredDevice(TestPlatform.SUB_PK);
        assertThat(gateway.registerSubDevice(List.of(Map.of("productKey", unregistered.productKey(),
                "deviceName", unregistered.deviceName(), "productSecret", TestPlatform.SUB_PRODUCT_SECRET))))
                .isZero();
        Map<String, Object> registered = events.next(Gateway.ON_SUBREGISTER);
        assertThat(registered).containsEntry("code", 0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> issued = (List<Map<String, Object>>) registered.get("devices");
        assertThat(issued).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("deviceName", unregistered.deviceName());
            assertThat((String) d.get("deviceSecret")).isNotBlank();
        });

        Map<String, Object> topicTestInfo = Map.of("topic", "/" + device.id().productKey() + "/"
                + device.id().deviceName() + "/user/aos_test", "qos", 1, "payload", "device publish and subcribe test");
        assertThat(gateway.subscribe(topicTestInfo)).isZero();
        assertThat(gateway.publish(topicTestInfo)).isZero();
        assertThat(events.next(Gateway.ON_SUBCRIBE)).containsEntry("topic", topicTestInfo.get("topic"))
                .containsEntry("payload", "device publish and subcribe test");

        gateway.on(Gateway.ON_SERVICE, call -> ((GatewayCallback) call.get("reply")).call(Map.of("code", 200,
                "data", Map.of("answeredBy", call.get("deviceName"), "params", call.get("params")))));
        AlinkReply reply = await(emulator.admin().invokeService(subs.get(0).device(), "reboot",
                AlinkJson.object().put("delay", 3), CLOUD_TIMEOUT));
        assertThat(reply.code()).isEqualTo(ReplyCode.SUCCESS);
        assertThat(reply.data().path("answeredBy").asText()).isEqualTo(subs.get(0).device().deviceName());
        assertThat(reply.data().path("params").asText()).isEqualTo("{\"delay\":3}");

        assertThat(gateway.unsubscribe(topicTestInfo)).isZero();

        assertThat(gateway.logout(subdevInfo)).isZero();
        assertThat(events.next(Gateway.ON_LOGOUT)).containsEntry("code", 0);
        assertThat(subs).noneMatch(s -> emulator.online(s.device()));

        assertThat(gateway.removeTopo(subdevInfo)).isZero();
        assertThat(events.next(Gateway.ON_TOPOREMOVE)).containsEntry("code", 0);

        assertThat(gateway.end()).isZero();
        assertThat(events.next(Gateway.ON_DISCONNECT)).containsEntry("code", Gateway.ERR_CONNECTION);
        assertThat(gateway.getGatewayHandle()).isNull();
        // the broker sees the DISCONNECT a moment after the client sent it
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> !emulator.online(device.id()));
    }

    @Test
    void givenAConnectedGatewayInTryWithResources_whenTheBlockEnds_thenItHasEndedAndIsOffline() {
        DeviceIdentity device = emulator.newGateway();

        try (Gateway gateway = connectedGateway(device)) {
            assertThat(gateway.getGatewayHandle().isConnected()).isTrue();
        }

        assertThat(events.next(Gateway.ON_DISCONNECT)).containsEntry("code", Gateway.ERR_CONNECTION);
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> !emulator.online(device.id()));
    }

    @Test
    void givenAServiceCall_whenTheAppAnswersWithAnErrorOrNotAtAll_thenTheCloudGetsThatCodeOr500() {
        Gateway gateway = connectedGateway(emulator.newGateway());
        DeviceId id = gateway.getGatewayHandle().gatewayId();

        AlinkReply unanswered = await(emulator.admin().invokeService(id, "reboot", AlinkJson.object(), CLOUD_TIMEOUT));
        gateway.on(Gateway.ON_SERVICE, call -> ((GatewayCallback) call.get("reply"))
                .call(Map.of("code", 6300, "message", "busy", "data", "{\"retry\":5}")));
        AlinkReply refused = await(emulator.admin().invokeService(id, "reboot", AlinkJson.object(), CLOUD_TIMEOUT));

        assertThat(unanswered.code()).isEqualTo(ReplyCode.SERVER_ERROR);
        assertThat(refused.code()).isEqualTo(6300);
        assertThat(refused.message()).isEqualTo("busy");
        assertThat(refused.data().path("retry").asInt()).isEqualTo(5);
    }

    @Test
    void givenAPropertySetFromTheCloud_whenItArrives_thenOnServiceDeliversItAsPropertySet() {
        Gateway gateway = connectedGateway(emulator.newGateway());
        BlockingQueue<Map<String, Object>> calls = new LinkedBlockingQueue<>();
        gateway.on(Gateway.ON_SERVICE, call -> {
            calls.add(call);
            ((GatewayCallback) call.get("reply")).call(Map.of());
        });

        AlinkReply reply = await(emulator.admin().setProperties(gateway.getGatewayHandle().gatewayId(),
                AlinkJson.object().put("Power", "on"), CLOUD_TIMEOUT));

        assertThat(reply.code()).isEqualTo(ReplyCode.SUCCESS);
        assertThat(poll(calls)).containsEntry("service_id", ServiceCall.PROPERTY_SET)
                .containsEntry("params", "{\"Power\":\"on\"}").containsEntry("params_len", 14)
                .containsEntry("msg_id", reply.id());
    }

    @Test
    void givenOnlyAProductSecret_whenConnecting_thenGetGatewayInfoShowsTheIssuedSecret() {
        DeviceId device = emulator.newUnregisteredGateway();
        Gateway gateway = newGateway();
        Map<String, Object> info = new HashMap<>();
        info.put("productKey", device.productKey());
        info.put("deviceName", device.deviceName());
        info.put("productSecret", TestPlatform.GATEWAY_PRODUCT_SECRET);
        info.put("keepaliveSec", 60);
        info.put("endpoint", Map.of("host", "127.0.0.1", "port", emulator.mqttPort(), "tls", false));
        info.put("registerUrl", emulator.registrationUri().toString());

        assertThat(gateway.connect(info)).isZero();
        events.next(Gateway.ON_CONNECT);

        assertThat(gateway.getGatewayInfo()).containsEntry("productSecret", TestPlatform.GATEWAY_PRODUCT_SECRET)
                .containsEntry("deviceName", device.deviceName());
        assertThat((String) gateway.getGatewayInfo().get("deviceSecret")).isNotBlank();
        assertThat(new Gateway(store).getGatewayInfo()).as("read back by another instance")
                .isEqualTo(gateway.getGatewayInfo());
    }

    @Test
    void givenAWrongSecret_whenConnecting_thenOnDisconnectReportsTheRefusal() {
        DeviceIdentity device = emulator.newGateway();
        Gateway gateway = newGateway();

        assertThat(gateway.connect(keyInfo(new DeviceIdentity(device.id(), "wrong"), emulator.mqttPort())))
                .isZero();

        Map<String, Object> refused = events.next(Gateway.ON_DISCONNECT);
        assertThat(refused).containsEntry("code", Gateway.ERR_CONNECTION);
        assertThat((String) refused.get("message")).contains("CONNACK return code 4").doesNotContain("wrong");
        assertThat(events.queue(Gateway.ON_CONNECT)).isEmpty();
        assertThat(gateway.getGatewayHandle()).isNull();
    }

    @Test
    void givenAPlatformRefusal_whenLoggingInWithoutTopology_thenOnLoginCarriesThePlatformsCode() {
        Gateway gateway = connectedGateway(emulator.newGateway());

        assertThat(gateway.login(subdevInfo(credentials(emulator.newSubDevices(1))))).isZero();

        Map<String, Object> refused = events.next(Gateway.ON_LOGIN);
        assertThat(refused).containsEntry("code", ReplyCode.TOPO_RELATION_NOT_EXIST);
        assertThat((String) refused.get("message")).isNotBlank();
    }

    @Test
    void givenAPlatformThatNeverAnswers_whenRequesting_thenEventsAndReturnsCarryTheTimeoutCode() throws Exception {
        DeviceIdentity device = emulator.newGateway();
        try (SilencingProxy proxy = new SilencingProxy(emulator.mqttPort())) {
            Gateway gateway = newGateway();
            Map<String, Object> info = keyInfo(device, proxy.port());
            // it bounds the CONNECT too, which a loaded machine may make slow; the requests below wait side by side
            info.put("requestTimeoutMs", 5_000);
            assertThat(gateway.connect(info)).isZero();
            events.next(Gateway.ON_CONNECT);

            proxy.silenceUplink();

            assertThat(gateway.getTopo()).isZero();
            BlockingQueue<Map<String, Object>> ntp = new LinkedBlockingQueue<>();
            gateway.getNtpTime(ntp::add);
            String topic = "/" + device.id().productKey() + "/" + device.id().deviceName() + "/user/x";
            assertThat(gateway.publish(Map.of("topic", topic, "qos", 1, "payload", "x"))).isEqualTo(Gateway.ERR_TIMEOUT);
            assertThat(events.next(Gateway.ON_TOPOGET)).containsEntry("code", Gateway.ERR_TIMEOUT);
            assertThat(poll(ntp)).containsEntry("code", Gateway.ERR_TIMEOUT);
        }
    }

    @Test
    void givenBadInputOrNoConnection_whenCallingMethods_thenTheyReturnNonZeroAndSendNothing() {
        DeviceIdentity device = emulator.newGateway();
        Gateway gateway = newGateway();
        List<Map<String, Object>> anySub = subdevInfo(credentials(emulator.newSubDevices(1)));
        Map<String, Object> ownTopic = Map.of("topic", "/" + device.id().productKey() + "/"
                + device.id().deviceName() + "/user/aos_test", "qos", 0, "payload", "x");

        assertThat(List.of(gateway.addTopo(anySub), gateway.getTopo(), gateway.login(anySub),
                gateway.registerSubDevice(anySub), gateway.logout(anySub), gateway.removeTopo(anySub),
                gateway.subscribe(ownTopic), gateway.publish(ownTopic), gateway.unsubscribe(ownTopic)))
                .containsOnly(Gateway.ERR_STATE);
        assertThat(gateway.getNtpTime(data -> { })).isNull();
        assertThat(gateway.on(42, data -> { })).isEqualTo(Gateway.ERR_INVALID_ARGUMENT);
        assertThat(gateway.connect(Map.of("productKey", device.id().productKey(), "deviceSecret", "x")))
                .as("no deviceName").isEqualTo(Gateway.ERR_INVALID_ARGUMENT);
        assertThat(gateway.connect(Map.of("productKey", device.id().productKey(), "deviceName", "gw",
                "deviceSecret", "x", "keepaliveSec", 10))).as("keepalive below 30").isEqualTo(Gateway.ERR_INVALID_ARGUMENT);

        assertThat(gateway.connect(keyInfo(device, emulator.mqttPort()))).isZero();
        events.next(Gateway.ON_CONNECT);
        assertThat(gateway.connect(keyInfo(device, emulator.mqttPort()))).isEqualTo(Gateway.ERR_STATE);
        int sentBefore = emulator.messagesFrom(device.id());
        assertThat(List.of(
                gateway.addTopo(List.of(Map.of("productKey", "a1SubTst01", "deviceName", "noSecret"))),
                gateway.login(List.of(Map.of("deviceName", "noProductKey", "deviceSecret", "s"))),
                gateway.addTopo(null),
                gateway.subscribe(Map.of("topic", ownTopic.get("topic"), "qos", 2)),
                gateway.publish(Map.of("topic", "/" + device.id().productKey() + "/other/user/x", "payload", "x")),
                gateway.publish(Map.of("topic", ownTopic.get("topic") + "/+", "payload", "x")),
                gateway.publish(Map.of("qos", 0, "payload", "no topic")),
                gateway.unsubscribe(Map.of("topic", "/+/+/user/x"))))
                .containsOnly(Gateway.ERR_INVALID_ARGUMENT);
        assertThat(emulator.messagesFrom(device.id())).isEqualTo(sentBefore);
    }

    @Test
    void givenTheSeedsSpelling_whenUsingTheCorrectlySpelledAlias_thenItIsTheSameEvent() {
        assertThat(Gateway.ON_SUBSCRIBE).isEqualTo(Gateway.ON_SUBCRIBE);
        assertThat(List.of(Gateway.ON_CONNECT, Gateway.ON_DISCONNECT, Gateway.ON_SUBCRIBE, Gateway.ON_LOGIN,
                Gateway.ON_LOGOUT, Gateway.ON_TOPOADD, Gateway.ON_TOPOREMOVE, Gateway.ON_TOPOGET, Gateway.ON_SUBREGISTER))
                .containsExactly(0, 1, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Gateway.ON_SERVICE).isEqualTo(10);
        assertThat(new Gateway(store).end()).as("end without connect").isZero();
    }

    private static Map<String, Object> poll(BlockingQueue<Map<String, Object>> queue) {
        try {
            Map<String, Object> data = queue.poll(30, TimeUnit.SECONDS);
            assertThat(data).isNotNull();
            return data;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
