package io.alink.daemon;

import io.alink.protocol.DeviceId;
import io.alink.protocol.PackLimits;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers connector readings of many sub-devices into pack/post messages within {@link PackLimits#PACK}, and
 * journals each pack in the client's outbox. A pack is journaled as soon as the next reading would not fit (a limit,
 * or a property of a sub-device the pack already holds), at the latest {@link #LINGER} after its first reading, and
 * when the daemon stops.
 *
 * <p>The linger window is the only part of a reading's way to the cloud that is not durable: a crash loses the
 * readings of at most that window. A reading's future completes once its pack is on disk.
 */
final class PackBatcher implements AutoCloseable {

    /** Long enough to fill packs at a high reading rate, short enough to lose little and delay nothing visibly. */
    static final Duration LINGER = Duration.ofMillis(50);
    private static final PackLimits LIMITS = PackLimits.PACK;

    private final Function<PackPost, CompletableFuture<Long>> journal;
    private final ScheduledExecutorService timer;
    private PackPost.Builder pack = PackPost.builder();
    private CompletableFuture<Long> journaled = new CompletableFuture<>();
    private ScheduledFuture<?> lingering;
    private boolean closed;

    /**
     * @param journal journals a pack, completing once it is on disk (the client's {@code enqueuePack})
     * @param timer   runs the linger's flush
     */
    PackBatcher(Function<PackPost, CompletableFuture<Long>> journal, ScheduledExecutorService timer) {
        this.journal = journal;
        this.timer = timer;
    }

    /** Adds one reading of {@code device}; completes once every pack holding it is journaled. */
    synchronized CompletableFuture<Void> add(DeviceId device, Map<String, Object> properties, long readAt) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the daemon is stopping"));
        }
        for (String identifier : properties.keySet()) {
            if (TopicLevel.IDENTIFIER.problem(identifier).isPresent()) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("property identifier of "
                        + device + " " + TopicLevel.IDENTIFIER.problem(identifier).get()));
            }
        }
        List<String> identifiers = new ArrayList<>(properties.keySet());
        List<CompletableFuture<Long>> packs = new ArrayList<>();
        // a reading of more properties than a message holds is spread over several
        for (int from = 0; from < identifiers.size(); from += LIMITS.properties()) {
            List<String> part = identifiers.subList(from, Math.min(identifiers.size(), from + LIMITS.properties()));
            if (!pack.fits(device, part, LIMITS)) {
                flush();
            }
            part.forEach(identifier -> pack.property(device, identifier, properties.get(identifier), readAt));
            packs.add(journaled);
            if (pack.propertyCount() == LIMITS.properties()) {
                flush();
            }
        }
        if (!pack.isEmpty() && lingering == null) {
            lingering = timer.schedule(this::flush, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        }
        return CompletableFuture.allOf(packs.toArray(CompletableFuture[]::new));
    }

    /** Journals the pack being gathered, if it holds anything. In pack order: the lock is held while journaling. */
    private synchronized void flush() {
        if (lingering != null) {
            lingering.cancel(false);
            lingering = null;
        }
        if (pack.isEmpty()) {
            return;
        }
        PackPost full = pack.build();
        CompletableFuture<Long> done = journaled;
        pack = PackPost.builder();
        journaled = new CompletableFuture<>();
        try {
            journal.apply(full).whenComplete((seq, error) -> {
                if (error == null) {
                    done.complete(seq);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException refused) {
            done.completeExceptionally(refused);
        }
    }

    /** Journals what is gathered; later readings are refused. */
    @Override
    public synchronized void close() {
        closed = true;
        flush();
    }
}
