package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import io.alink.protocol.TopoChangeStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * What the platform does to sub-device sessions on behalf of requests and of the admin API: log in, log out, and tell
 * a gateway that its topology changed. Each keeps the session table and the server-side subscriptions in step.
 */
final class SessionActions {
    private final Registry registry;
    private final Sessions sessions;
    private final Downlink downlink;
    private final BiConsumer<Session, DeviceId> loggedIn;

    /** @param loggedIn told of each sub-device once its downlink reaches the gateway's connection */
    SessionActions(Registry registry, Sessions sessions, Downlink downlink, BiConsumer<Session, DeviceId> loggedIn) {
        this.registry = registry;
        this.sessions = sessions;
        this.downlink = downlink;
        this.loggedIn = loggedIn;
    }

    /** Logs sub-devices in through a gateway connection; completes once their downlink reaches it. */
    CompletableFuture<Void> login(Session session, List<DeviceId> subDevices) {
        for (Session previous : sessions.login(session, subDevices)) {
            downlink.unsubscribeSystemTopics(previous, subDevices);
        }
        subDevices.forEach(registry::activate);
        return downlink.subscribeSystemTopics(session, subDevices)
                .thenRun(() -> subDevices.forEach(sub -> loggedIn.accept(session, sub)));
    }

    /** Logs a sub-device out of whichever gateway carries it; nothing happens when it is offline. */
    void logout(DeviceId subDevice) {
        logout(List.of(subDevice));
    }

    /** Logs sub-devices out, with one unsubscription per gateway connection rather than one per sub-device. */
    void logout(Collection<DeviceId> subDevices) {
        Map<Session, List<DeviceId>> bySession = new HashMap<>();
        for (DeviceId sub : subDevices) {
            sessions.logout(sub).ifPresent(s -> bySession.computeIfAbsent(s, k -> new ArrayList<>()).add(sub));
        }
        bySession.forEach(downlink::unsubscribeSystemTopics);
    }

    /** Logs out those of {@code subDevices} that are online through {@code gateway}, and only those. */
    void logoutVia(DeviceId gateway, Collection<DeviceId> subDevices) {
        logout(subDevices.stream().filter(sub -> sessions.loggedInVia(sub).filter(gateway::equals).isPresent())
                .toList());
    }

    /** Tells a gateway, if online, that the platform changed its topology on its own. */
    void notifyTopoChange(DeviceId gateway, TopoChangeStatus status, Collection<DeviceId> subDevices) {
        Optional<Session> session = sessions.byDevice(gateway);
        if (session.isEmpty() || subDevices.isEmpty()) {
            return;
        }
        ObjectNode params = AlinkJson.object().put("status", status.code());
        params.set("subList", SubDeviceEntries.identities(subDevices));
        AlinkRequest notify = AlinkRequest.of(downlink.nextId(), TopicKind.TOPO_CHANGE.method(), params);
        downlink.send(session.get(), AlinkTopic.of(TopicKind.TOPO_CHANGE, gateway).topic(), notify.toBytes());
    }
}
