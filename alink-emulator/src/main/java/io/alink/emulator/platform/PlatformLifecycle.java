package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.EmulatorLifecycle;
import io.alink.emulator.NodeType;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
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

/**
 * {@link EmulatorLifecycle} over the platform, the lifecycle notices it sends, and the {@code thing/list/found}
 * handler (the found lists live in memory: a restart forgets them, as a gateway reports again what it finds).
 */
final class PlatformLifecycle implements EmulatorLifecycle, RequestHandler {
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
     * nothing when neither is online. The platform does not wait for the acknowledgement.
     *
     * @return completes once the notice is handed to the connection (at once when there is none)
     */
    CompletableFuture<Void> notice(DeviceId device, TopicKind kind) {
        Optional<Session> session = sessions.byDevice(device)
                .or(() -> registry.gatewayOf(device).flatMap(sessions::byDevice));
        return session.map(carrier -> downlink.send(carrier, AlinkTopic.of(kind, device).topic(),
                        AlinkRequest.of(downlink.nextId(), kind.method(), AlinkJson.object()).toBytes())
                        .exceptionally(failure -> null))
                .orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    @Override
    public void delete(DeviceId device) {
        registry.device(device).orElseThrow(() -> new AdminException(404, "device " + device + " does not exist"));
        CompletableFuture<Void> told = notice(device, TopicKind.DELETE);
        Optional<DeviceId> gateway = registry.gatewayOf(device);
        actions.logout(device);
        // a directly connected device hears the notice before its connection closes
        sessions.byDevice(device).ifPresent(session -> told.thenRun(() -> downlink.disconnect(session)));
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
