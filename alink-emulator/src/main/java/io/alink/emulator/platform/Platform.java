package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.Limits;
import io.alink.emulator.NodeType;
import io.alink.emulator.broker.BrokerDownlink;
import io.alink.emulator.broker.BrokerHooks;
import io.alink.emulator.broker.ConnectDecision;
import io.alink.emulator.broker.ConnectRequest;
import io.alink.emulator.store.PlatformStore;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side of the Alink protocol: authenticates connections, enforces topic permissions, logs every
 * device-to-cloud message, and routes requests to one handler per request kind. The broker sees it only as
 * {@link BrokerHooks}; people and tests drive it through {@link PlatformAdmin}.
 */
public final class Platform implements BrokerHooks {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** topo/change status values. */
    static final int TOPO_CREATED = 0;
    static final int TOPO_DELETED = 1;
    static final int TOPO_ENABLED = 2;
    static final int TOPO_DISABLED = 8;

    private final Limits limits;
    private final PlatformStore store;
    private final Registry registry;
    private final Sessions sessions = new Sessions();
    private final Downlink downlink = new Downlink();
    private final ConnectAuthenticator authenticator;
    private final Map<TopicKind, RequestHandler> handlers = new EnumMap<>(TopicKind.class);

    public Platform(Limits limits, PlatformStore store, List<io.alink.emulator.ProductConfig> configured) {
        this.limits = limits;
        this.store = store;
        this.registry = new Registry(store);
        this.registry.applyConfig(configured);
        this.authenticator = new ConnectAuthenticator(registry, sessions, limits.loginsPerSecond());
        handlers.put(TopicKind.TOPO_ADD, new TopoAddHandler(this));
        handlers.put(TopicKind.TOPO_DELETE, new TopoDeleteHandler(this));
        handlers.put(TopicKind.TOPO_GET, new TopoGetHandler(this));
        LoginHandler login = new LoginHandler(this);
        handlers.put(TopicKind.LOGIN, login);
        handlers.put(TopicKind.BATCH_LOGIN, login);
        LogoutHandler logout = new LogoutHandler(this);
        handlers.put(TopicKind.LOGOUT, logout);
        handlers.put(TopicKind.BATCH_LOGOUT, logout);
        handlers.put(TopicKind.SUB_REGISTER, new SubRegisterHandler(this));
        ThingPostHandler post = new ThingPostHandler();
        handlers.put(TopicKind.PROPERTY_POST, post);
        handlers.put(TopicKind.PROPERTY_BATCH_POST, post);
        handlers.put(TopicKind.EVENT_POST, post);
        DeviceInfoHandler deviceInfo = new DeviceInfoHandler();
        handlers.put(TopicKind.DEVICEINFO_UPDATE, deviceInfo);
        handlers.put(TopicKind.DEVICEINFO_DELETE, deviceInfo);
    }

    public void attach(BrokerDownlink broker) {
        downlink.attach(broker);
    }

    public PlatformAdmin admin() {
        return new PlatformAdmin(this);
    }

    Limits limits() {
        return limits;
    }

    Registry registry() {
        return registry;
    }

    Sessions sessions() {
        return sessions;
    }

    Downlink downlink() {
        return downlink;
    }

    PlatformStore store() {
        return store;
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
            case REGISTER -> pushAndClose(session, "/ext/register", registrationPush(session.device(),
                    "deviceSecret", registry.issueSecret(session.device())));
            case REGNWL -> {
                ObjectNode push = registrationPush(session.device(), "deviceToken", registry.issueToken(session.device()));
                push.put("clientId", session.device().productKey() + "." + session.device().deviceName());
                pushAndClose(session, "/ext/regnwl", push);
            }
        }
    }

    private static ObjectNode registrationPush(DeviceId device, String key, String value) {
        ObjectNode push = AlinkJson.object();
        push.put("productKey", device.productKey());
        push.put("deviceName", device.deviceName());
        push.put(key, value);
        return push;
    }

    /** The platform closes a registration connection once the secret is out; a grace period lets it arrive first. */
    private void pushAndClose(Session session, String topic, ObjectNode payload) {
        downlink.send(session, topic, AlinkJson.toBytes(payload))
                .thenCompose(sent -> CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(500, java.util.concurrent.TimeUnit.MILLISECONDS)))
                .thenCompose(waited -> downlink.disconnect(session));
    }

    @Override
    public void onDisconnected(String clientId) {
        List<DeviceId> offline = sessions.disconnected(clientId);
        if (!offline.isEmpty()) {
            LOG.info("connection {} closed: {} sub-devices went offline with it", clientId, offline.size());
        }
    }

    // ---- topic permissions --------------------------------------------------------------------------------------------

    @Override
    public boolean maySubscribe(String clientId, String topicFilter) {
        Optional<Session> session = sessions.byClientId(clientId);
        if (session.isEmpty()) {
            return false;
        }
        if (topicFilter.equals("/ext/register") || topicFilter.equals("/ext/regnwl")) {
            return true;
        }
        Optional<DeviceId> owner = io.alink.protocol.TopicFilters.owner(topicFilter);
        if (owner.isPresent()) {
            return session.get().actsFor(owner.get());
        }
        String[] levels = topicFilter.split("/", -1);
        if (levels.length >= 4 && levels[1].equals("broadcast") && io.alink.protocol.TopicFilters.isValid(topicFilter)) {
            String pk = levels[2];
            return session.get().device().productKey().equals(pk)
                    || session.get().loggedIn().stream().anyMatch(d -> d.productKey().equals(pk));
        }
        return false;
    }

    @Override
    public boolean mayPublish(String clientId, String topic) {
        Optional<Session> session = sessions.byClientId(clientId);
        Optional<AlinkTopic> parsed = AlinkTopic.parse(topic);
        if (session.isEmpty() || parsed.isEmpty() || session.get().purpose() != Session.Purpose.DEVICE) {
            return false;
        }
        TopicKind kind = parsed.get().kind();
        if (kind == TopicKind.BROADCAST || kind.family() == TopicKind.Family.REGISTER) {
            return false;
        }
        DeviceId device = parsed.get().device();
        // a sub-device of this gateway that is not logged in passes, to be answered with 520 in onPublish
        return session.get().actsFor(device) || registry.gatewayOf(device).map(session.get().device()::equals).orElse(false);
    }

    // ---- inbound messages ------------------------------------------------------------------------------------------------

    @Override
    public boolean onPublish(String clientId, String topicName, byte[] payload, int qos) {
        Optional<Session> session = sessions.byClientId(clientId);
        Optional<AlinkTopic> parsed = AlinkTopic.parse(topicName);
        if (session.isEmpty() || parsed.isEmpty()) {
            return false;
        }
        AlinkTopic topic = parsed.get();
        store.appendMessage(System.currentTimeMillis(), topic.device(), topicName, payload, qos);
        try {
            return dispatch(session.get(), topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("failed to handle {} from {}: {}", topicName, session.get(), e.toString());
            return false;
        }
    }

    private boolean dispatch(Session session, AlinkTopic topic, byte[] payload) {
        if (!session.actsFor(topic.device())) {
            sendNoSession(session, topic, payload);
            return false;
        }
        if (topic.kind() == TopicKind.CUSTOM || topic.kind() == TopicKind.DEVICE_OTHER) {
            return topic.kind() == TopicKind.CUSTOM;
        }
        if (payload.length > limits.maxPayloadBytes()) {
            refuseIfReplyable(session, topic, idOf(payload), new RequestRefused(ReplyCode.REQUEST_PARAMETER_ERROR,
                    "payload of " + payload.length + " bytes is over the " + limits.maxPayloadBytes() + " byte limit"));
            return false;
        }
        switch (topic.kind()) {
            case NTP_REQUEST -> answerNtp(session, topic, payload);
            case RRPC_RESPONSE -> downlink.rrpcResponded(topic.device(), topic.detail(), payload);
            default -> {
                if (topic.reply()) {
                    acceptDeviceReply(topic, payload);
                } else {
                    handleRequest(session, topic, payload);
                }
            }
        }
        return false;
    }

    private void handleRequest(Session session, AlinkTopic topic, byte[] payload) {
        RequestHandler handler = handlers.get(topic.kind());
        if (handler == null) {
            LOG.debug("no handler for {}; logged only", topic);
            return;
        }
        AlinkRequest request;
        try {
            request = AlinkRequest.parse(payload);
        } catch (AlinkFormatException e) {
            refuseIfReplyable(session, topic, "", RequestRefused.badParams(e.getMessage()));
            return;
        }
        CompletableFuture<JsonNode> data;
        try {
            data = handler.handle(new Request(session, topic, request)).toCompletableFuture();
        } catch (RequestRefused | AlinkFormatException e) {
            data = CompletableFuture.failedFuture(e);
        }
        data.whenComplete((ok, failure) -> {
            if (!request.wantsReply()) {
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            AlinkReply reply;
            if (cause == null) {
                reply = AlinkReply.success(request.id(), ok);
            } else if (cause instanceof RequestRefused refused) {
                reply = AlinkReply.error(request.id(), refused.code(), refused.getMessage(), refused.data());
            } else if (cause instanceof AlinkFormatException format) {
                reply = AlinkReply.error(request.id(), ReplyCode.REQUEST_PARAMETER_ERROR, format.getMessage());
            } else {
                LOG.warn("handler for {} failed", topic, cause);
                reply = AlinkReply.error(request.id(), ReplyCode.SERVER_ERROR, "internal error");
            }
            downlink.reply(session, topic, request.method() == null || request.method().isEmpty()
                    ? reply : reply.withMethod(request.method()));
        });
    }

    private void refuseIfReplyable(Session session, AlinkTopic topic, String id, RequestRefused refusal) {
        if (topic.reply() || topic.kind().isPlatformDownlink() || topic.kind() == TopicKind.SYS_OTHER
                || topic.kind() == TopicKind.NTP_REQUEST) {
            LOG.info("dropped {} from {}: {}", topic, session, refusal.getMessage());
            return;
        }
        downlink.reply(session, topic, AlinkReply.error(id, refusal.code(), refusal.getMessage()));
    }

    /** A device's reply to a call the platform made (service, property set, topo/change notify). */
    private void acceptDeviceReply(AlinkTopic topic, byte[] payload) {
        try {
            if (!downlink.replied(topic, AlinkReply.parse(payload))) {
                LOG.debug("reply on {} matched no pending call", topic);
            }
        } catch (AlinkFormatException e) {
            LOG.info("dropped malformed reply on {}: {}", topic, e.getMessage());
        }
    }

    private void answerNtp(Session session, AlinkTopic topic, byte[] payload) {
        long received = System.currentTimeMillis();
        String deviceSendTime;
        try {
            deviceSendTime = AlinkJson.text(AlinkJson.parse(payload), "deviceSendTime");
        } catch (AlinkFormatException e) {
            deviceSendTime = null;
        }
        if (deviceSendTime == null) {
            LOG.info("dropped NTP request without deviceSendTime from {}", session);
            return;
        }
        ObjectNode response = AlinkJson.object();
        response.put("deviceSendTime", deviceSendTime);
        response.put("serverRecvTime", Long.toString(received));
        response.put("serverSendTime", Long.toString(System.currentTimeMillis()));
        downlink.send(session, AlinkTopic.of(TopicKind.NTP_RESPONSE, topic.device()).topic(), AlinkJson.toBytes(response));
    }

    /** The platform's answer to a publish for a sub-device that is not logged in: code 520 on its error channel. */
    private void sendNoSession(Session session, AlinkTopic topic, byte[] payload) {
        String id = idOf(payload);
        ObjectNode data = AlinkJson.object();
        data.put("productKey", topic.device().productKey());
        data.put("deviceName", topic.device().deviceName());
        AlinkReply error = AlinkReply.error(id, ReplyCode.NO_ACTIVE_SESSION,
                "device " + topic.device() + " has no active session: log it in first", data);
        downlink.send(session, AlinkTopic.of(TopicKind.ERROR, topic.device()).topic(), error.toBytes());
    }

    /** The envelope id, so that even a refusal can be matched by the sender; empty when there is none to read. */
    private static String idOf(byte[] payload) {
        try {
            return AlinkRequest.parse(payload).id();
        } catch (AlinkFormatException e) {
            return "";
        }
    }

    // ---- shared actions of handlers and admin ---------------------------------------------------------------------

    /** Logs sub-devices in through a gateway connection; completes once their downlink reaches it. */
    CompletableFuture<Void> login(Session session, List<DeviceId> subDevices) {
        for (Session previous : sessions.login(session, subDevices)) {
            downlink.unsubscribeSystemTopics(previous, subDevices);
        }
        subDevices.forEach(registry::activate);
        return downlink.subscribeSystemTopics(session, subDevices);
    }

    /** Logs a sub-device out of whichever gateway carries it; nothing happens when it is offline. */
    void logout(DeviceId subDevice) {
        logout(List.of(subDevice));
    }

    /** Logs sub-devices out, with one unsubscription per gateway connection rather than one per sub-device. */
    void logout(Collection<DeviceId> subDevices) {
        Map<Session, List<DeviceId>> bySession = new java.util.HashMap<>();
        for (DeviceId sub : subDevices) {
            sessions.logout(sub).ifPresent(s -> bySession.computeIfAbsent(s, k -> new ArrayList<>()).add(sub));
        }
        bySession.forEach(downlink::unsubscribeSystemTopics);
    }

    /** Tells a gateway, if online, that its topology changed (status 0 created, 1 deleted, 2 enabled, 8 disabled). */
    void notifyTopoChange(DeviceId gateway, int status, Collection<DeviceId> subDevices) {
        Optional<Session> session = sessions.byDevice(gateway);
        if (session.isEmpty() || subDevices.isEmpty()) {
            return;
        }
        ObjectNode params = AlinkJson.object();
        params.put("status", status);
        ArrayNode list = params.putArray("subList");
        subDevices.forEach(sub -> list.add(deviceJson(sub)));
        AlinkRequest notify = AlinkRequest.of(downlink.nextId(), "thing.topo.change", params);
        downlink.send(session.get(), AlinkTopic.of(TopicKind.TOPO_CHANGE, gateway).topic(), notify.toBytes());
    }

    boolean isSubDeviceProduct(DeviceId device) {
        return registry.nodeType(device) == NodeType.SUB_DEVICE;
    }

    static ObjectNode deviceJson(DeviceId device) {
        ObjectNode node = AlinkJson.object();
        node.put("productKey", device.productKey());
        node.put("deviceName", device.deviceName());
        return node;
    }

    static ArrayNode deviceList(Collection<DeviceId> devices) {
        ArrayNode list = AlinkJson.MAPPER.createArrayNode();
        devices.forEach(d -> list.add(deviceJson(d)));
        return list;
    }

    static String utf8(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static List<DeviceId> devicesOf(JsonNode list) {
        List<DeviceId> out = new ArrayList<>();
        list.forEach(entry -> out.add(Request.deviceOf(entry)));
        return out;
    }
}
