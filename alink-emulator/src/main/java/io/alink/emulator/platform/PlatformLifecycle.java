package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.EmulatorLifecycle;
import io.alink.emulator.NodeType;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import io.alink.protocol.TopoChangeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EmulatorLifecycle} over the platform, the lifecycle notices it sends, and the {@code thing/list/found}
 * handler (the found lists live in memory: a restart forgets them, as a gateway reports again what it finds).
 */
final class PlatformLifecycle implements EmulatorLifecycle, RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformLifecycle.class);
    /** How long the platform waits for the acknowledgement of a notice; nobody waits on it but the log. */
    private static final Duration NOTICE_REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final Registry registry;
    private final Sessions sessions;
    private final Downlink downlink;
    private final SessionActions actions;
    private final Map<DeviceId, List<DeviceId>> found = new ConcurrentHashMap<>();

    PlatformLifecycle(Registry registry, Sessions sessions, Downlink downlink, SessionActions actions) {
        this.registry = registry;
        this.sessions = sessions;
        this.downlink = downlink;
        this.actions = actions;
    }

    /**
     * Sends a {@code thing/disable}, {@code thing/enable} or {@code thing/delete} notice on the device's own topic,
     * to its own connection, or to its gateway's for a sub-device (logged in or not: a disabled sub-device is not);
     * nothing when neither is online.
     */
    void notice(DeviceId device, TopicKind kind) {
        Optional<Session> session = sessions.byDevice(device)
                .or(() -> registry.gatewayOf(device).flatMap(sessions::byDevice));
        session.ifPresent(carrier -> downlink.call(carrier, AlinkTopic.of(kind, device), kind.method(),
                        AlinkJson.object(), NOTICE_REPLY_TIMEOUT)
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        LOG.info("{} of {} was not acknowledged: {}", kind.method(), device, failure.toString());
                    }
                }));
    }

    @Override
    public void delete(DeviceId device) {
        registry.device(device).orElseThrow(() -> new AdminException(404, "device " + device + " does not exist"));
        notice(device, TopicKind.DELETE);
        Optional<DeviceId> gateway = registry.gatewayOf(device);
        actions.logout(device);
        sessions.byDevice(device).ifPresent(downlink::disconnect);
        registry.deleteDevice(device);
        gateway.ifPresent(gw -> actions.notifyTopoChange(gw, TopoChangeStatus.DELETED, List.of(device)));
        found.remove(device);
    }

    @Override
    public CompletableFuture<AlinkReply> notifyTopoAdd(DeviceId gateway, List<DeviceId> subDevices,
                                                       Duration timeout) {
        registry.requireKind(gateway, NodeType.GATEWAY);
        if (subDevices == null || subDevices.isEmpty()) {
            throw new AdminException(400, "the list of sub-devices is empty");
        }
        subDevices.forEach(sub -> registry.requireKind(sub, NodeType.SUB_DEVICE));
        Session session = sessions.byDevice(gateway)
                .orElseThrow(() -> new AdminException(409, "gateway " + gateway + " is offline"));
        return downlink.call(session, AlinkTopic.of(TopicKind.TOPO_ADD_NOTIFY, gateway),
                TopicKind.TOPO_ADD_NOTIFY.method(), SubDeviceEntries.identities(subDevices), timeout);
    }

    @Override
    public List<DeviceId> found(DeviceId gateway) {
        return found.getOrDefault(gateway, List.of());
    }

    /** {@code thing/list/found} of a gateway: its list replaces the one it reported before. */
    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        List<DeviceId> devices = Request.devicesOf(Request.list(request.envelope().params(), "params",
                Integer.MAX_VALUE));
        found.put(request.device(), List.copyOf(devices));
        return CompletableFuture.completedFuture(AlinkJson.object());
    }
}
