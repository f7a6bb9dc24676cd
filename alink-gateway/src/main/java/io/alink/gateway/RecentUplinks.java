package io.alink.gateway;

import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What sub-devices sent in the last moments, so that a message the platform refuses with code 520 (no session) can be
 * sent again once the sub-device is logged in again. The refusal names the message only by its envelope id and comes
 * after the PUBACK, when the outbox has already let go of the message; so it is held here, in memory, for as long as
 * a refusal can take to arrive (the request timeout), within a count and a byte bound.
 */
final class RecentUplinks {

    /** A message as it was published. */
    record Uplink(DeviceId device, String topic, byte[] payload, int qos, long sentAtMs) {
    }

    private final long retainMs;
    private final int maxMessages;
    private final long maxBytes;
    private final LongSupplier clock;
    private final Deque<Uplink> held = new ArrayDeque<>();
    private long heldBytes;

    RecentUplinks(long retainMs, int maxMessages, long maxBytes, LongSupplier clock) {
        this.retainMs = retainMs;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    synchronized void sent(DeviceId device, String topic, byte[] payload, int qos) {
        long now = clock.getAsLong();
        held.addLast(new Uplink(device, topic, payload, qos, now));
        heldBytes += payload.length;
        while (!held.isEmpty() && (held.size() > maxMessages || heldBytes > maxBytes
                || held.peekFirst().sentAtMs() < now - retainMs)) {
            heldBytes -= held.pollFirst().payload().length;
        }
    }

    /**
     * Takes out the message {@code device} sent with envelope id {@code id}, newest first. Empty when it is no
     * longer held, or was taken already: a message is sent again only once.
     */
    synchronized Optional<Uplink> take(DeviceId device, String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        for (Iterator<Uplink> it = held.descendingIterator(); it.hasNext(); ) {
            Uplink uplink = it.next();
            // ids are read only here, on the rare refusal, rather than parsed on every send
            if (uplink.device().equals(device) && id.equals(envelopeId(uplink.payload()))) {
                it.remove();
                heldBytes -= uplink.payload().length;
                return Optional.of(uplink);
            }
        }
        return Optional.empty();
    }

    private static String envelopeId(byte[] payload) {
        try {
            return AlinkJson.text(AlinkJson.parse(payload), "id");
        } catch (AlinkFormatException notAnEnvelope) {
            return null;
        }
    }
}
