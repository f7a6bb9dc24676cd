package io.alink.gateway;

import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of the gateway's devices as the cloud manages it: notices that a device was disabled, enabled or deleted
 * (to the gateway for itself and for its sub-devices, on the device's own topic), the cloud's request to add
 * sub-devices to the topology ({@code thing/topo/add/notify}), and the gateway's report of sub-devices it discovered
 * ({@code thing/list/found}). Notices are acknowledged at once when they are about the gateway or a sub-device logged
 * in through it (a reply on any other device's topic may cost the connection); what they mean is the application's
 * to decide, through a {@link LifecycleListener}, which hears of every notice: an enable comes for a sub-device that is
 * not logged in.
 */
public final class GatewayLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GatewayLifecycle.class);

    private final DeviceId gateway;
    private final Transport transport;
    private final Requests requests;
    private final Predicate<DeviceId> loggedIn;
    private final Executor events;
    private final Function<Supplier<CompletableFuture<Void>>, CompletableFuture<Void>> start;
    private final RecentDownlinks recent = new RecentDownlinks();
    private final List<LifecycleListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param loggedIn whether a sub-device is logged in through this gateway
     * @param events   runs one task at a time, in order
     * @param start    runs a public operation as the client does (refused once closed, answered on the callbacks)
     */
    GatewayLifecycle(DeviceId gateway, Transport transport, Requests requests, Predicate<DeviceId> loggedIn,
                     Executor events, Function<Supplier<CompletableFuture<Void>>, CompletableFuture<Void>> start) {
        this.gateway = gateway;
        this.transport = transport;
        this.requests = requests;
        this.loggedIn = loggedIn;
        this.events = events;
        this.start = start;
    }

    /**
     * Tells {@code listener} of every event from now on.
     *
     * @param listener the listener
     * @throws InvalidRequestException when {@code listener} is missing
     */
    public void addListener(LifecycleListener listener) {
        if (listener == null) {
            throw new InvalidRequestException("listener is missing");
        }
        listeners.add(listener);
    }

    /**
     * Reports sub-devices the gateway discovered and the cloud does not know as its sub-devices yet
     * ({@code thing/list/found}).
     *
     * @param subDevices at least one (repeats are reported once)
     * @return completes when the cloud acknowledged the report
     * @throws InvalidRequestException for an empty list or a missing device
     */
    public CompletableFuture<Void> reportFound(Collection<DeviceId> subDevices) {
        List<DeviceId> list = Validation.distinctDevices(subDevices, Function.identity(), "reportFound");
        Requests.Outgoing report = requests.prepare(AlinkTopic.of(TopicKind.LIST_FOUND, gateway),
                TopicKind.LIST_FOUND.method(), SubDeviceEntries.identities(list));
        return start.apply(() -> requests.send(report, "list/found of " + list.size() + " sub-devices")
                .thenApply(reply -> null));
    }

    /** {@code thing/disable}, {@code thing/enable} or {@code thing/delete} of a device; on the inbound thread. */
    void onNotice(AlinkTopic topic, byte[] payload) {
        AlinkRequest notice = AlinkRequest.parse(payload);
        if (!acknowledge(topic, notice)) {
            return;
        }
        DeviceId device = topic.device();
        LifecycleEvent event = switch (topic.kind()) {
            case DISABLE -> new LifecycleEvent.Disabled(device);
            case ENABLE -> new LifecycleEvent.Enabled(device);
            default -> new LifecycleEvent.Deleted(device);
        };
        log.info("The cloud says: {}", event);
        tell(event);
    }

    /** {@code thing/topo/add/notify} to the gateway; on the inbound thread. */
    void onTopoAddNotify(AlinkTopic topic, byte[] payload) {
        if (!topic.device().equals(gateway)) {
            log.debug("Ignored a topo/add/notify on {}: not this gateway's", topic);
            return;
        }
        AlinkRequest notify = AlinkRequest.parse(payload);
        List<DeviceId> subDevices = SubDeviceEntries.devices(notify.params());
        if (acknowledge(topic, notify)) {
            log.info("The cloud asks to add {} sub-devices to the topology", subDevices.size());
            tell(new LifecycleEvent.TopoAddRequested(subDevices));
        }
    }

    /** Replies 200, once per notice: false for a second delivery of one already answered. */
    private boolean acknowledge(AlinkTopic topic, AlinkRequest notice) {
        if (!recent.firstDelivery(topic.topic(), notice.id())) {
            return false;
        }
        boolean own = topic.device().equals(gateway) || loggedIn.test(topic.device());
        if (own && notice.wantsReply()) {
            // straight to the transport: the platform logs a disabled or deleted sub-device out right after the
            // notice, and the reply must not set off a login again
            byte[] reply = AlinkReply.success(notice.id(), AlinkJson.object()).toBytes();
            Async.attempt(() -> transport.publish(topic.replyTopic().topic(), reply, 0))
                    .whenComplete((sent, error) -> {
                        if (error != null) {
                            log.debug("{} not acknowledged: {}", topic, Async.unwrap(error).getMessage());
                        }
                    });
        }
        return true;
    }

    private void tell(LifecycleEvent event) {
        for (LifecycleListener listener : listeners) {
            events.execute(() -> {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("A lifecycle listener failed on {}", event, e);
                }
            });
        }
    }
}
