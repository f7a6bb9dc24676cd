package io.alink.emulator.platform;

import io.alink.emulator.broker.ConnectDecision;
import io.alink.emulator.platform.PlatformEvent.Kind;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopicKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The platform's recent decisions and messages, newest last, in a ring of {@link #CAPACITY}; and when each device was
 * last seen. Listeners hear every event in order, on the thread that records it, and must not block.
 */
public final class PlatformEvents {
    public static final int CAPACITY = 2000;
    /**
     * A larger payload is not kept in its event (only its size): the ring holds events, the message log holds
     * messages. 2,000 events of this size are 16 MiB at most.
     */
    public static final int MAX_PAYLOAD_BYTES = 8192;

    private final ArrayDeque<PlatformEvent> ring = new ArrayDeque<>(CAPACITY);
    private final List<Consumer<PlatformEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<DeviceId, Long> lastSeen = new ConcurrentHashMap<>();
    private long nextSeq = 1;

    /** Events after {@code afterSeq} that {@code filter} keeps, oldest first, at most the newest {@code limit}. */
    public synchronized List<PlatformEvent> after(long afterSeq, Predicate<PlatformEvent> filter, int limit) {
        ArrayDeque<PlatformEvent> kept = new ArrayDeque<>();
        for (PlatformEvent event : ring) {
            if (event.seq() > afterSeq && filter.test(event)) {
                kept.add(event);
                if (kept.size() > limit) {
                    kept.removeFirst();
                }
            }
        }
        return new ArrayList<>(kept);
    }

    /**
     * Runs {@code follow} with the events after {@code afterSeq} while no new one can be recorded, so that a listener
     * it registers continues exactly where they end.
     */
    public synchronized <T> T followAfter(long afterSeq, Function<List<PlatformEvent>, T> follow) {
        return follow.apply(after(afterSeq, event -> true, CAPACITY));
    }

    public void listen(Consumer<PlatformEvent> listener) {
        listeners.add(listener);
    }

    /** When each device last connected or sent a message (epoch ms), since the emulator started. */
    public Map<DeviceId, Long> lastSeen() {
        return Map.copyOf(lastSeen);
    }

    void connectDecided(String clientId, Optional<DeviceId> device, ConnectDecision decision) {
        if (decision.accepted()) {
            record(Kind.CONNECT_ACCEPTED, device.orElse(null), clientId, null, null, null, null);
        } else {
            record(Kind.CONNECT_REFUSED, device.orElse(null), clientId, null, decision.refusal().name(),
                    decision.reason(), null);
        }
    }

    void disconnected(String clientId, DeviceId device, String reason) {
        record(Kind.DISCONNECTED, device, clientId, null, null, reason, null);
    }

    void denied(Kind kind, String clientId, DeviceId device, String topic, String reason) {
        record(kind, device, clientId, topic, null, reason, null);
    }

    /** A request the platform answered with an error: a refused login, a rate limit, or any other refusal. */
    void refused(Session session, AlinkTopic topic, AlinkReply reply) {
        Kind kind = reply.code() == ReplyCode.TOO_MANY_REQUESTS ? Kind.RATE_LIMITED
                : topic.kind() == TopicKind.LOGIN || topic.kind() == TopicKind.BATCH_LOGIN ? Kind.LOGIN_REFUSED : Kind.REQUEST_REFUSED;
        record(kind, topic.device(), session.clientId(), topic.topic(), Integer.toString(reply.code()),
                reply.message(), null);
    }

    void message(Kind direction, String clientId, DeviceId device, String topic, byte[] payload) {
        record(direction, device, clientId, topic, null, null, payload);
    }

    private void record(Kind kind, DeviceId device, String clientId, String topic, String code, String reason,
                        byte[] payload) {
        long now = System.currentTimeMillis();
        byte[] kept = payload == null || payload.length > MAX_PAYLOAD_BYTES ? null : payload.clone();
        int size = payload == null ? 0 : payload.length;
        if (device != null && (kind == Kind.CONNECT_ACCEPTED || kind == Kind.MESSAGE_UP || kind == Kind.DISCONNECTED)) {
            lastSeen.put(device, now);
        }
        synchronized (this) {
            PlatformEvent event = new PlatformEvent(nextSeq++, now, kind, device, clientId, topic, code, reason, kept,
                    size);
            if (ring.size() == CAPACITY) {
                ring.removeFirst();
            }
            ring.addLast(event);
            listeners.forEach(listener -> listener.accept(event));
        }
    }
}
