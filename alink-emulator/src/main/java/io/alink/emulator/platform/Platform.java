package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.Limits;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.broker.BrokerDownlink;
import io.alink.emulator.broker.BrokerHooks;
import io.alink.emulator.broker.ConnectDecision;
import io.alink.emulator.broker.ConnectRequest;
import io.alink.emulator.store.PlatformStore;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    private final Downlink downlink = new Downlink();
    private final ConnectAuthenticator authenticator;
    private final TopicPermissions permissions;
    private final SessionActions actions;
    private final InboundMessages inbound;
    private final PlatformLifecycle lifecycle;
    private final PlatformAdmin admin;

    public Platform(Limits limits, PlatformStore store, List<ProductConfig> configured) {
        this.registry = new Registry(store);
        this.registry.applyConfig(configured);
        this.authenticator = new ConnectAuthenticator(registry, sessions, limits.loginsPerSecond());
        this.permissions = new TopicPermissions(sessions, registry);
        this.actions = new SessionActions(registry, sessions, downlink);
        this.lifecycle = new PlatformLifecycle(registry, sessions, downlink, actions);
        this.inbound = new InboundMessages(limits.maxPayloadBytes(), store, sessions, downlink,
                handlers(limits, store));
        this.admin = new PlatformAdmin(registry, sessions, downlink, actions, limits, store, lifecycle);
    }

    private Map<TopicKind, RequestHandler> handlers(Limits limits, PlatformStore store) {
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
        DeviceInfoHandler deviceInfo = new DeviceInfoHandler();
        handlers.put(TopicKind.DEVICEINFO_UPDATE, deviceInfo);
        handlers.put(TopicKind.DEVICEINFO_DELETE, deviceInfo);
        handlers.put(TopicKind.LIST_FOUND, lifecycle);
        return handlers;
    }

    public void attach(BrokerDownlink broker) {
        downlink.attach(broker);
    }

    public PlatformAdmin admin() {
        return admin;
    }

    // ---- connections ------------------------------------------------------------------------------------------------

    @Override
    public ConnectDecision authenticate(ConnectRequest request) {
        ConnectDecision decision = authenticator.authenticate(request);
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
                downlink.subscribeSystemTopics(session, List.of(session.device()));
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
    public void onDisconnected(String clientId) {
        List<DeviceId> offline = sessions.disconnected(clientId);
        if (!offline.isEmpty()) {
            LOG.info("connection {} closed: {} sub-devices went offline with it", clientId, offline.size());
        }
    }

    // ---- topics ---------------------------------------------------------------------------------------------------------

    @Override
    public boolean maySubscribe(String clientId, String topicFilter) {
        return permissions.maySubscribe(clientId, topicFilter);
    }

    @Override
    public boolean mayPublish(String clientId, String topic) {
        return permissions.mayPublish(clientId, topic);
    }

    @Override
    public CompletionStage<Boolean> onPublish(String clientId, String topicName, byte[] payload, int qos) {
        return inbound.onPublish(clientId, topicName, payload, qos);
    }
}
