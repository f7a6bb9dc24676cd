package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.Limits;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.broker.BrokerDownlink;
import io.alink.emulator.broker.BrokerHooks;
import io.alink.emulator.broker.ConnectDecision;
import io.alink.emulator.broker.ConnectRequest;
import io.alink.emulator.broker.PublishAnswer;
import io.alink.emulator.ota.DownloadUrls;
import io.alink.emulator.ota.OtaAdmin;
import io.alink.emulator.store.PlatformStore;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import io.alink.protocol.ota.OtaInform;
import io.alink.protocol.ota.OtaProgress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side of the Alink protocol: authenticates connections, enforces topic permissions, logs every
 * device-to-cloud message, and routes requests to one handler per request kind. The broker sees it only as
 * {@link BrokerHooks}; people and tests drive it through {@link PlatformAdmin}.
 */
public final class Platform implements BrokerHooks {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    /** The platform closes a registration connection once the secret is out; a grace period lets it arrive first. */
    private static final long REGISTRATION_CLOSE_DELAY_MILLIS = 500;

    private final Registry registry;
    private final Sessions sessions = new Sessions();
    private final PlatformEvents events = new PlatformEvents();
    private final Downlink downlink = new Downlink(events);
    private final ConnectAuthenticator authenticator;
    private final TopicPermissions permissions;
    private final SessionActions actions;
    private final InboundMessages inbound;
    private final PlatformLifecycle lifecycle;
    private final PlatformAdmin admin;
    private final OtaJobs ota;
    private final DeviceStates deviceStates;

    /** @param firmwareUrls where the upgrade notices send devices for the firmware files */
    public Platform(Limits limits, PlatformStore store, List<ProductConfig> configured, DownloadUrls firmwareUrls) {
        this.registry = new Registry(store);
        this.registry.applyConfig(configured);
        this.authenticator = new ConnectAuthenticator(registry, sessions, limits.loginsPerSecond());
        ParsedTopics topics = new ParsedTopics();
        this.permissions = new TopicPermissions(sessions, registry, topics);
        this.ota = new OtaJobs(registry, sessions, downlink, store.ota(), firmwareUrls);
        this.actions = new SessionActions(registry, sessions, downlink, ota::cameOnline);
        ShadowService shadows = new ShadowService(store.deviceState(), sessions, downlink);
        RemoteConfigs configs = new RemoteConfigs(store.deviceState(), registry, sessions, downlink);
        this.deviceStates = new DeviceStates(registry, store.deviceState(), shadows, configs);
        this.lifecycle = new PlatformLifecycle(registry, sessions, downlink, actions);
        this.inbound = new InboundMessages(limits.maxPayloadBytes(), store, sessions, downlink, events,
                handlers(limits, store, configs), shadows, topics);
        this.admin = new PlatformAdmin(registry, sessions, downlink, actions, limits, store, deviceStates,
                lifecycle);
    }

    private Map<TopicKind, RequestHandler> handlers(Limits limits, PlatformStore store, RemoteConfigs configs) {
        SubDeviceChecks checks = new SubDeviceChecks(registry);
        Map<TopicKind, RequestHandler> handlers = new EnumMap<>(TopicKind.class);
        handlers.put(TopicKind.TOPO_ADD, new TopoAddHandler(registry, limits, actions, checks));
        handlers.put(TopicKind.TOPO_DELETE, new TopoDeleteHandler(registry, limits, actions, checks));
        handlers.put(TopicKind.TOPO_GET, new TopoGetHandler(registry));
        LoginHandler login = new LoginHandler(limits, actions, checks);
        handlers.put(TopicKind.LOGIN, login);
        handlers.put(TopicKind.BATCH_LOGIN, login);
        LogoutHandler logout = new LogoutHandler(limits, actions, checks);
        handlers.put(TopicKind.LOGOUT, logout);
        handlers.put(TopicKind.BATCH_LOGOUT, logout);
        handlers.put(TopicKind.SUB_REGISTER, new SubRegisterHandler(registry, limits, checks));
        ThingPostHandler post = new ThingPostHandler(store.properties());
        handlers.put(TopicKind.PROPERTY_POST, post);
        handlers.put(TopicKind.PROPERTY_BATCH_POST, post);
        handlers.put(TopicKind.EVENT_POST, post);
        handlers.put(TopicKind.PROPERTY_PACK_POST, new PackPostHandler(checks, store.properties()));
        handlers.put(TopicKind.PROPERTY_HISTORY_POST, new HistoryPostHandler(checks, store.properties()));
        DeviceInfoHandler deviceInfo = new DeviceInfoHandler(store.deviceState());
        handlers.put(TopicKind.DEVICEINFO_UPDATE, deviceInfo);
        handlers.put(TopicKind.DEVICEINFO_DELETE, deviceInfo);
        handlers.put(TopicKind.OTA_INFORM, new OtaReportHandler<>("inform", OtaInform::parse, ota::informed));
        handlers.put(TopicKind.OTA_PROGRESS, new OtaReportHandler<>("progress", OtaProgress::parse, ota::progressed));
        handlers.put(TopicKind.OTA_FIRMWARE_GET, new FirmwareGetHandler(ota));
        DesiredPropertyHandler desired = new DesiredPropertyHandler(store.deviceState());
        handlers.put(TopicKind.PROPERTY_DESIRED_GET, desired);
        handlers.put(TopicKind.PROPERTY_DESIRED_DELETE, desired);
        handlers.put(TopicKind.CONFIG_GET, configs);
        handlers.put(TopicKind.LIST_FOUND, lifecycle);
        return handlers;
    }

    public void attach(BrokerDownlink broker) {
        downlink.attach(broker);
    }

    public PlatformAdmin admin() {
        return admin;
    }

    /** Firmware packages and upgrade jobs, as the console has them. */
    public OtaAdmin ota() {
        return ota;
    }

    /** Tags, desired values, shadows and configuration files ({@link PlatformAdmin#deviceState()} too). */
    public DeviceStates deviceStates() {
        return deviceStates;
    }

    /** The decisions and messages of the platform, for the console. */
    public PlatformEvents events() {
        return events;
    }

    // ---- connections ------------------------------------------------------------------------------------------------

    @Override
    public ConnectDecision authenticate(ConnectRequest request) {
        ConnectDecision decision = authenticator.authenticate(request);
        events.connectDecided(request.clientId(), MqttCredentials.parseUsername(request.username()), decision);
        if (!decision.accepted()) {
            LOG.info("refused CONNECT of {}: {}", request.clientId(), decision.reason());
        }
        return decision;
    }

    @Override
    public void onConnected(String clientId) {
        sessions.connected(clientId).ifPresent(previous -> {
            LOG.info("{} connected again as {}: closing its previous connection", previous.device(), clientId);
            downlink.disconnect(previous);
        });
        Session session = sessions.byClientId(clientId).orElse(null);
        if (session == null) {
            return;
        }
        switch (session.purpose()) {
            case DEVICE -> {
                registry.activate(session.device());
                downlink.subscribeSystemTopics(session, List.of(session.device()))
                        .thenRun(() -> ota.cameOnline(session, session.device()));
            }
            case REGISTER -> pushAndClose(session, "/ext/register", SubDeviceEntries.identity(session.device())
                    .put("deviceSecret", registry.issueSecret(session.device())));
            case REGNWL -> pushAndClose(session, "/ext/regnwl", SubDeviceEntries.identity(session.device())
                    .put("deviceToken", registry.issueToken(session.device()))
                    .put("clientId", clientIdOf(session.device())));
        }
    }

    private static String clientIdOf(DeviceId device) {
        return device.productKey() + "." + device.deviceName();
    }

    private void pushAndClose(Session session, String topic, ObjectNode payload) {
        downlink.send(session, topic, AlinkJson.toBytes(payload))
                .thenCompose(sent -> CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(REGISTRATION_CLOSE_DELAY_MILLIS, TimeUnit.MILLISECONDS)))
                .thenCompose(waited -> downlink.disconnect(session));
    }

    @Override
    public void onDisconnected(String clientId, String reason) {
        sessions.byClientId(clientId).ifPresent(session -> events.disconnected(clientId, session.device(), reason));
        List<DeviceId> offline = sessions.disconnected(clientId);
        if (!offline.isEmpty()) {
            LOG.info("connection {} closed: {} sub-devices went offline with it", clientId, offline.size());
        }
    }

    // ---- topics ---------------------------------------------------------------------------------------------------------

    @Override
    public boolean maySubscribe(String clientId, String topicFilter) {
        boolean allowed = permissions.maySubscribe(clientId, topicFilter);
        if (!allowed) {
            events.denied(PlatformEvent.Kind.SUBSCRIBE_DENIED, clientId, deviceOf(clientId), topicFilter,
                    "not a topic of this device, its logged-in sub-devices or their products");
        }
        return allowed;
    }

    @Override
    public boolean mayPublish(String clientId, String topic) {
        boolean allowed = permissions.mayPublish(clientId, topic);
        if (!allowed) {
            events.denied(PlatformEvent.Kind.PUBLISH_DENIED, clientId, deviceOf(clientId), topic,
                    "not a topic this connection may publish on; the message was dropped");
        }
        return allowed;
    }

    private DeviceId deviceOf(String clientId) {
        return sessions.byClientId(clientId).map(Session::device).orElse(null);
    }

    @Override
    public PublishAnswer onPublish(String clientId, String topicName, byte[] payload, int qos) {
        return inbound.onPublish(clientId, topicName, payload, qos);
    }
}
