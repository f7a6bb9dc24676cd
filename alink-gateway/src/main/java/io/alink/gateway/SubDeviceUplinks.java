package io.alink.gateway;

import io.alink.gateway.RecentUplinks.Uplink;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the gateway sends for itself and its sub-devices. A sub-device's message is also held for a while
 * ({@link RecentUplinks}), in case the platform refuses it with code 520 (no session): it is then kept aside until
 * the sub-device is logged in again and sent once more, or dropped when the sub-device is no longer logged in.
 */
final class SubDeviceUplinks {

    private static final Logger log = LoggerFactory.getLogger(SubDeviceUplinks.class);

    /** Sub-device messages held for a resend after a 520 refusal. */
    private static final int HELD_UPLINKS = 10_000;
    private static final long HELD_UPLINK_BYTES = 16L * 1024 * 1024;

    /** A sub-device message the platform refused for want of a session, to be sent again after its login. */
    private record Refused(Uplink uplink, AlinkReply error) {
    }

    private final DeviceId gateway;
    private final Transport transport;
    private final RecentUplinks recent;
    private final Map<DeviceId, List<Refused>> refused = new ConcurrentHashMap<>();

    /** @param holdFor how long a refusal can take to arrive after its message */
    SubDeviceUplinks(DeviceId gateway, Transport transport, Duration holdFor) {
        this.gateway = gateway;
        this.transport = transport;
        this.recent = new RecentUplinks(holdFor.toMillis(), HELD_UPLINKS, HELD_UPLINK_BYTES,
                System::currentTimeMillis);
    }

    /** Completes when sent (QoS 0) or acknowledged (QoS 1). */
    CompletableFuture<Void> send(DeviceId device, String topic, byte[] payload, int qos) {
        if (!device.equals(gateway)) {
            recent.sent(device, topic, payload, qos);
        }
        return Async.attempt(() -> transport.publish(topic, payload, qos));
    }

    /**
     * The platform refused message {@code error.id()} of {@code device} with 520: keeps it aside for {@link #resend}.
     * False when it is no longer held, or was refused (and resent) once already: a second refusal is final.
     */
    boolean setAside(DeviceId device, AlinkReply error) {
        Optional<Uplink> uplink = recent.take(device, error.id());
        uplink.ifPresent(u -> refused.compute(device, (d, list) -> {
            List<Refused> held = list == null ? new ArrayList<>() : list;
            held.add(new Refused(u, error));
            return held;
        }));
        return uplink.isPresent();
    }

    /** Sends again, once, what the platform refused for want of {@code device}'s session; it is logged in now. */
    void resend(DeviceId device) {
        List<Refused> held = refused.remove(device);
        if (held == null) {
            return;
        }
        for (Refused message : held) {
            Uplink uplink = message.uplink();
            // straight to the transport: not held again, so a second refusal is final
            Async.attempt(() -> transport.publish(uplink.topic(), uplink.payload(), uplink.qos()))
                    .whenComplete((sent, error) -> {
                        if (error != null) {
                            log.warn("Message {} of {} not sent again: {}", message.error().id(), device,
                                    Async.unwrap(error).getMessage());
                        }
                    });
        }
    }

    /**
     * {@code device} will not be logged in again by the client: what was set aside is not sent. Returns the
     * refusals, for whoever waits for a reply to those messages.
     */
    List<AlinkReply> drop(DeviceId device) {
        List<Refused> held = refused.remove(device);
        if (held == null) {
            return List.of();
        }
        log.warn("{} messages of {} that the platform refused (520) are not sent again: it is no longer logged in",
                held.size(), device);
        return held.stream().map(Refused::error).toList();
    }
}
