package io.alink.gateway.outbox;

import io.alink.gateway.outbox.OutboxTables.SeqSize;
import io.alink.gateway.outbox.OutboxTables.Table;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's bounds and counts. The byte bound covers the queue and the dead letters together: when it is reached,
 * the oldest dead letters are dropped first (they are the least likely to be delivered), then the oldest queued
 * messages. The age bound applies to both. Every drop is counted, and logged once per burst.
 *
 * <p>Counts are read by any thread; they are changed only by the outbox's writer, inside its transaction.
 */
final class OutboxBounds {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private static final int DROP_PAGE = 256;

    /** Messages and bytes of one table. */
    static final class Tally {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        long count() {
            return count.get();
        }

        long bytes() {
            return bytes.get();
        }

        void add(long size) {
            count.incrementAndGet();
            bytes.addAndGet(size);
        }

        void remove(long size) {
            count.decrementAndGet();
            bytes.addAndGet(-size);
        }
    }

    private final OutboxLimits limits;
    private final Tally queued = new Tally();
    private final Tally dead = new Tally();
    private final AtomicLong dropped = new AtomicLong();
    private boolean inDropBurst;
    private long burstDrops;
    private long droppedThisBatch;

    OutboxBounds(OutboxLimits limits) {
        this.limits = limits;
    }

    Tally queued() {
        return queued;
    }

    Tally dead() {
        return dead;
    }

    long dropped() {
        return dropped.get();
    }

    /** A message dropped for another reason than the bounds; logged by whoever dropped it. */
    void countDroppedElsewhere() {
        dropped.incrementAndGet();
    }

    /** Sets the counts from the tables, after opening or a rolled-back transaction. */
    void recount(OutboxTables tables) throws SQLException {
        for (Table table : Table.values()) {
            OutboxTables.Usage usage = tables.usage(table);
            tally(table).count.set(usage.count());
            tally(table).bytes.set(usage.bytes());
        }
    }

    /** Drops the oldest dead letters, then the oldest queued messages, until {@code incoming} more bytes fit. */
    void makeRoom(OutboxTables tables, long incoming) throws SQLException {
        for (Table table : List.of(Table.DEAD_LETTERS, Table.OUTBOX)) {
            Tally tally = tally(table);
            while (isOver(incoming) && tally.count() > 0) {
                List<SeqSize> oldest = tables.oldest(table, DROP_PAGE);
                if (oldest.isEmpty()) {
                    break;
                }
                for (SeqSize row : oldest) {
                    if (!isOver(incoming)) {
                        return;
                    }
                    tables.delete(table, row.seq());
                    tally.remove(row.size());
                    countDrop(1, "the outbox is full (" + limits.maxBytes() + " bytes)");
                }
            }
        }
    }

    void expireOld(OutboxTables tables, long now) throws SQLException {
        int expired = 0;
        for (Table table : Table.values()) {
            for (SeqSize row : tables.deleteCreatedBefore(table, now - limits.maxAge().toMillis())) {
                tally(table).remove(row.size());
                expired++;
            }
        }
        if (expired > 0) {
            countDrop(expired, "older than " + limits.maxAge());
        }
    }

    /** A burst of drops ends with the first commit that drops nothing; its total is logged once, then. */
    void endDropBurstIfQuiet() {
        if (inDropBurst && droppedThisBatch == 0) {
            LOG.warn("outbox dropped {} messages in that burst ({} since it was opened)", burstDrops, dropped.get());
            inDropBurst = false;
            burstDrops = 0;
        }
        droppedThisBatch = 0;
    }

    private Tally tally(Table table) {
        return table == Table.OUTBOX ? queued : dead;
    }

    private boolean isOver(long incoming) {
        return queued.bytes() + dead.bytes() + incoming > limits.maxBytes();
    }

    private void countDrop(int n, String why) {
        dropped.addAndGet(n);
        burstDrops += n;
        droppedThisBatch += n;
        if (!inDropBurst) {
            inDropBurst = true;
            LOG.warn("outbox dropping its oldest messages: {}", why);
        }
    }
}
