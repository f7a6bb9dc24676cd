package io.alink.gateway;

import io.alink.gateway.outbox.Outbox;
import io.alink.gateway.outbox.OutboxMessage;
import io.alink.protocol.DeviceId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} holds, in journal order, and lets the outbox forget each message once the platform
 * acknowledged it (PUBACK).
 *
 * <p>A message goes only while delivery is {@linkplain #resume() resumed} (connected, sub-devices logged in again
 * after a reconnection) and its device can send (the gateway always, a sub-device while its session is online). The
 * journal is read forward from a cursor; a device that cannot send is passed over until the next
 * {@linkplain #rewind() rewind}, which reads the journal again from the start. Passing a device over for the rest of
 * the pass, rather than picking it up as soon as it can send, is what keeps each device's messages in order: its
 * older messages are behind the cursor. Messages stay in the journal while they wait or fly, so a lost connection
 * just forgets what was in flight ({@link #abandonInFlight()}) and reads it again.
 *
 * <p>A message the platform answers by closing the connection would be sent again after every reconnection and take
 * the whole outbox down with it each time: what was in flight at a loss is probed ({@link Suspects}), and a message
 * charged {@link io.alink.gateway.outbox.Outbox#MAX_ATTEMPTS} failed sends goes to the dead letters, after which
 * everything else flows at once ({@link #recordFailedAttempt}).
 *
 * <p>State is confined to {@code executor}, which must run one task at a time.
 */
final class OutboxDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);

    /** Enough to keep a fast link busy; bounded so a huge backlog does not sit in memory. */
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final long MAX_IN_FLIGHT_BYTES = 8L * 1024 * 1024;
    private static final int PAGE = 256;

    /** Publishes a message at QoS 1; completes on PUBACK. */
    interface Sender {
        CompletableFuture<Void> send(OutboxMessage message);
    }

    private final Outbox outbox;
    private final Sender sender;
    private final Predicate<DeviceId> canSend;
    private final Executor executor;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();

    // confined to the executor
    private boolean resumed;
    private long cursor;
    private long generation;
    private final Map<Long, Integer> inFlight = new HashMap<>();
    private long inFlightBytes;
    /** Acknowledged, and still listed by the journal until the removal is committed: not to be sent again. */
    private final Set<Long> acknowledged = new HashSet<>();
    /** Devices passed over since the last rewind. */
    private final Set<DeviceId> passedOver = new HashSet<>();
    private final Suspects suspects = new Suspects();

    OutboxDelivery(Outbox outbox, Sender sender, Predicate<DeviceId> canSend, Executor executor) {
        this.outbox = outbox;
        this.sender = sender;
        this.canSend = canSend;
        this.executor = executor;
    }

    /** Journals a message; completes with its seq once it is committed. */
    CompletableFuture<Long> enqueue(DeviceId device, String topic, byte[] payload) {
        return outbox.append(device, topic, payload).thenApply(stored -> {
            drainSoon();
            return stored.seq();
        });
    }

    /** Connected and ready: send from the start of the journal. */
    void resume() {
        executor.execute(() -> {
            resumed = true;
            rewind();
        });
    }

    /** The connection is gone: nothing goes until {@link #resume()}. */
    void connectionLost() {
        executor.execute(() -> {
            resumed = false;
            generation++;
            abandonInFlight();
        });
    }

    /**
     * The messages sent on the lost connection and not acknowledged: they will not be on it (a clean session does
     * not carry unacknowledged messages over), so they are forgotten here and go again from the journal. A message
     * that makes the platform close the connection whenever it is sent is among these every time, so they are
     * suspects, and one found alone in flight is charged a failed attempt.
     */
    private void abandonInFlight() {
        suspects.connectionLost(inFlight.keySet())
                .ifPresent(seq -> recordFailedAttempt(seq, "the connection was lost before its PUBACK"));
        inFlight.clear();
        inFlightBytes = 0;
    }

    /** A device can send again (logged in): its messages that were passed over go, in order. */
    void deviceReady() {
        executor.execute(this::rewind);
    }

    long sentMessages() {
        return sent.get();
    }

    private void rewind() {
        cursor = 0;
        passedOver.clear();
        drain();
    }

    /** Reads the journal on from where it stands, once, however often it is asked before that runs. */
    void drainSoon() {
        if (drainScheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        if (!resumed) {
            return;
        }
        try {
            if (suspects.probing()) {
                probe();
                if (suspects.probing()) {
                    return;
                }
                // the probe skipped what was not suspect: read the journal from its start again
                cursor = 0;
                passedOver.clear();
            }
            while (hasRoom()) {
                // no more rows than there are free places: a PUBACK frees one, and a full page read for it would
                // be read again, all but one row, at the next
                List<OutboxMessage> page = outbox.pending(cursor, Math.min(PAGE, MAX_IN_FLIGHT - inFlight.size()));
                if (page.isEmpty()) {
                    return;
                }
                for (OutboxMessage message : page) {
                    if (!hasRoom()) {
                        return;
                    }
                    cursor = message.seq();
                    consider(message);
                }
            }
        } catch (RuntimeException e) {
            // the journal is unreadable (closed, disk error): nothing to send now; the next event tries again
            log.warn("Outbox not drained: {}", e.getMessage());
        }
    }

    /** Sends the next suspects on their own, once nothing is in flight any more. */
    private void probe() {
        if (!inFlight.isEmpty()) {
            return;
        }
        for (long seq : suspects.nextProbe()) {
            OutboxMessage message = outbox.pending(seq - 1, 1).stream().filter(m -> m.seq() == seq).findFirst()
                    .orElse(null);
            if (message == null || !canSend.test(message.device())) {
                // gone from the outbox, or it waits for its device and goes with the device's other messages
                suspects.cleared(seq);
            } else {
                send(message);
            }
        }
    }

    private boolean hasRoom() {
        return inFlight.size() < MAX_IN_FLIGHT && inFlightBytes < MAX_IN_FLIGHT_BYTES;
    }

    private void consider(OutboxMessage message) {
        if (inFlight.containsKey(message.seq()) || acknowledged.contains(message.seq())) {
            return;
        }
        DeviceId device = message.device();
        if (passedOver.contains(device) || !canSend.test(device)) {
            passedOver.add(device);
            return;
        }
        send(message);
    }

    private void send(OutboxMessage message) {
        DeviceId device = message.device();
        inFlight.put(message.seq(), message.size());
        inFlightBytes += message.size();
        long sentIn = generation;
        CompletableFuture<Void> puback;
        try {
            puback = sender.send(message);
        } catch (RuntimeException e) {
            puback = CompletableFuture.failedFuture(e);
        }
        puback.whenCompleteAsync((acked, error) -> settled(message, sentIn, error), executor);
    }

    private void settled(OutboxMessage message, long sentIn, Throwable error) {
        long seq = message.seq();
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (error == null) {
            sent.incrementAndGet();
            suspects.cleared(seq);
            acknowledged.add(seq);
            outbox.acknowledge(seq).whenCompleteAsync((done, failure) -> acknowledged.remove(seq), executor);
        } else if (cause instanceof ConnectionException) {
            // the connection is going: the message keeps its place in flight, where connectionLost() finds it
            log.debug("Outbox message {} not acknowledged, stays queued: {}", seq, cause.toString());
            return;
        } else {
            recordFailedAttempt(seq, "the publish failed: " + cause);
        }
        if (sentIn == generation && inFlight.remove(seq) != null) {
            inFlightBytes -= message.size();
            // one read of the journal for a run of acknowledgements, not one each
            drainSoon();
        }
    }

    /**
     * Charges a send of {@code seq} that was not acknowledged. Once the message has used up its attempts it is a dead
     * letter: it is no longer suspect, and what waited behind it goes at once.
     */
    private void recordFailedAttempt(long seq, String reason) {
        outbox.recordFailedAttempt(seq, reason).whenCompleteAsync((deadLettered, failure) -> {
            if (failure != null) {
                log.warn("Outbox attempt of message {} not counted: {}", seq, failure.toString());
            } else if (deadLettered) {
                suspects.cleared(seq);
                drainSoon();
            }
        }, executor);
    }
}
