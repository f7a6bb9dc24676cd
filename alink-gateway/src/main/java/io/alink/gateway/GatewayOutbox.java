package io.alink.gateway;

import io.alink.gateway.outbox.DeadLetter;
import io.alink.gateway.outbox.Outbox;
import io.alink.gateway.outbox.Outbox.OutboxException;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicFilters;
import io.alink.protocol.TopicKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's outbox: the journal ({@link Outbox}), the thread that sends from it ({@link OutboxDelivery}: PUBACK
 * removes a message), and what the client's life means for it: paused while the connection is down, resumed once
 * a reconnection restored everything, a sub-device's messages freed by its login; and its dead letters
 * ({@link OutboxDeadLetters}). Without an outbox configured, enqueueing and the dead-letter operations are a
 * {@link ClientStateException} and everything else does nothing.
 */
final class GatewayOutbox {

    private static final Logger log = LoggerFactory.getLogger(GatewayOutbox.class);

    /**
     * {@code sys.ack} of the property and event posts the outbox builds: 0, no reply. The PUBACK is what the outbox
     * waits for; a reply to each would double the downlink, and ids restart with the process, so a reply to a message
     * journaled by an earlier run could be mistaken for the reply to a request of this one.
     */
    static final int ENVELOPE_ACK = 0;
    /** How long close() waits for the outbox sender to finish what it is doing before closing the journal. */
    private static final long STOP_WAIT_SECONDS = 5;

    /** A message checked and ready to be journaled. */
    record Entry(DeviceId device, String topic, byte[] payload) {
    }

    /** Null, as the three below, without an outbox. */
    private final Outbox journal;
    private final ThreadPoolExecutor sender;
    private final OutboxDelivery delivery;
    private final OutboxDeadLetters deadLetters;
    private final Supplier<String> envelopeIds;

    /**
     * @param journal     from {@link #open}; null for none
     * @param send        publishes at QoS 1, completing on PUBACK
     * @param canSend     whether a device's messages may go now
     * @param envelopeIds the ids of the client's requests, which the outbox's envelopes share
     * @param replay      what a journaled post or pack goes as when it is sent
     */
    GatewayOutbox(Outbox journal, OutboxDelivery.Sender send, Predicate<DeviceId> canSend,
                  Supplier<String> envelopeIds, HistoryReplay replay) {
        this.journal = journal;
        this.sender = journal == null ? null : ClientThreads.singleThread("alink-gateway-outbox");
        this.delivery = journal == null ? null : new OutboxDelivery(journal,
                message -> send.send(replay.atDelivery(message)), canSend, sender);
        this.deadLetters = journal == null ? null : new OutboxDeadLetters(journal, delivery::drainSoon);
        this.envelopeIds = envelopeIds;
    }

    /** The journal {@code config} asks for, opened; null when it asks for none. */
    static Outbox open(GatewayConfig config) {
        OutboxLimits limits = config.outbox().orElse(null);
        try {
            return limits == null ? null : new Outbox(config.storeDir(), limits);
        } catch (OutboxException e) {
            throw storageFailure(e);
        }
    }

    void requireConfigured() {
        if (delivery == null) {
            throw new ClientStateException("no outbox is configured (GatewayConfig.Builder.outbox)");
        }
    }

    /** A message of {@code device} on a topic of its own. */
    Entry entry(DeviceId device, String topic, byte[] payload) {
        requireConfigured();
        if (device == null) {
            throw new InvalidRequestException("device is missing");
        }
        Validation.publishTopic(topic);
        Validation.payload(payload);
        if (!TopicFilters.owner(topic).map(device::equals).orElse(false)) {
            throw new InvalidRequestException("topic " + topic + " is outside the namespace of " + device);
        }
        return new Entry(device, topic, payload);
    }

    /** A thing-model post in its envelope, built and size-checked here, once. */
    Entry entry(ThingPost post) {
        requireConfigured();
        return entry(post.topic(), post.method(), out -> out.writeTree(post.params()));
    }

    /** A pack/post of {@code gateway}, checked as {@link ThingPost#pack}; its values written straight to bytes. */
    Entry packEntry(DeviceId gateway, PackPost pack) {
        requireConfigured();
        return entry(ThingPost.packTopic(gateway, pack), TopicKind.PROPERTY_PACK_POST.method(), pack::writeParams);
    }

    private Entry entry(AlinkTopic topic, String method, AlinkJson.Writer params) {
        byte[] envelope = AlinkRequest.toBytes(envelopeIds.get(), AlinkRequest.VERSION, method, ENVELOPE_ACK, params);
        return new Entry(topic.device(), topic.topic(), Validation.payload(envelope));
    }

    /** Completes with the message's seq once it is committed to disk. */
    CompletableFuture<Long> journal(Entry entry) {
        return stored(() -> delivery.enqueue(entry.device(), entry.topic(), entry.payload()));
    }

    // the dead-letter operations need an outbox: callers check requireConfigured() first, synchronously

    /** The oldest dead letters, at most {@link OutboxDeadLetters#MAX_LISTED}. */
    CompletableFuture<List<DeadLetter>> deadLetters() {
        return stored(deadLetters::list);
    }

    CompletableFuture<Void> removeDeadLetter(long seq) {
        return stored(() -> deadLetters.remove(seq));
    }

    CompletableFuture<Long> requeueDeadLetter(long seq) {
        return stored(() -> deadLetters.requeue(seq));
    }

    /** A journal operation whose storage failure, thrown or completed with, is an {@link OutboxStorageException}. */
    private static <T> CompletableFuture<T> stored(Supplier<CompletableFuture<T>> operation) {
        return Async.attempt(operation).handle((value, error) -> {
            if (error != null) {
                Throwable cause = Async.unwrap(error);
                throw new CompletionException(cause instanceof OutboxException e ? storageFailure(e) : cause);
            }
            return value;
        });
    }

    OutboxStats stats() {
        if (delivery == null) {
            return new OutboxStats(0, 0, 0, 0, 0);
        }
        return new OutboxStats(journal.queuedMessages(), journal.queuedBytes(), journal.droppedMessages(),
                delivery.sentMessages(), journal.deadLetterCount());
    }

    Map<DeviceId, Long> queuedByDevice() {
        if (delivery == null) {
            return Map.of();
        }
        try {
            return journal.queuedByDevice();
        } catch (OutboxException e) {
            throw storageFailure(e);
        }
    }

    /** Nothing goes until {@link #resume}; what was in flight goes again from the journal. */
    void connectionLost() {
        if (delivery != null) {
            delivery.connectionLost();
        }
    }

    /** Connected, and everything restored after a reconnection: send from the start of the journal. */
    void resume() {
        if (delivery != null) {
            delivery.resume();
        }
    }

    /** Sub-devices were logged in: their messages that were passed over may go, in order. */
    void deviceReady() {
        if (delivery != null) {
            delivery.deviceReady();
        }
    }

    /** Stops sending and closes the journal; what was not acknowledged stays in it for the next start. */
    void close() {
        if (journal == null) {
            return;
        }
        sender.shutdown();
        try {
            if (!sender.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("The outbox sender did not stop within {} s; closing the journal anyway", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journal.close();
        } catch (OutboxException e) {
            log.warn("The outbox was not closed cleanly: {}", e.getMessage());
        }
    }

    private static OutboxStorageException storageFailure(OutboxException e) {
        return new OutboxStorageException(e.getMessage(), e);
    }
}
