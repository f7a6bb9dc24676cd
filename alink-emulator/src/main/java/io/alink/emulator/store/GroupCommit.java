package io.alink.emulator.store;

import io.alink.emulator.store.PlatformStore.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the emulator's database for what devices send: it takes every write queued since its last
 * commit and commits them in one transaction per {@link Lane} (group commit), then completes their futures. SQLite
 * has one writer anyway; one transaction for many messages pays the per-transaction cost (WAL frame headers, page
 * rewrites, locking) once instead of once per message, and the broker's threads no longer wait on each other.
 *
 * <p>The message log's lane commits before the property values' lane of the same batch, so that a PUBACK (which
 * waits for the log only) does not also wait for the values. Within a lane, writes run in the order they were queued.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** Writes taken into one transaction at most: bounds a transaction's memory and the wait of the first writer. */
    private static final int MAX_BATCH = 2_000;

    /** The kinds of write, committed in this order within a batch. */
    enum Lane {
        MESSAGES, VALUES
    }

    /** One write, run inside the lane's transaction. */
    interface Step {
        void write() throws SQLException;
    }

    /** What a lane does around its writes: run its pending statement batches, and forget counts it kept on rollback. */
    interface LaneHooks {
        void flush() throws SQLException;

        void rolledBack();
    }

    private record Write(Lane lane, Step step, CompletableFuture<Void> committed) {
    }

    private static final Write STOP = new Write(null, null, null);

    private final Connection db;
    private final Object lock;
    private final Map<Lane, LaneHooks> hooks = new EnumMap<>(Lane.class);
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer = new Thread(this::run, "emulator-db-writer");
    private boolean closed;

    GroupCommit(Connection db, Object lock) {
        this.db = db;
        this.lock = lock;
        writer.setDaemon(true);
    }

    /** Sets a lane's hooks; the owner of each lane calls this once, before {@link #start}. */
    void lane(Lane lane, LaneHooks laneHooks) {
        hooks.put(lane, laneHooks);
    }

    void start() {
        writer.start();
    }

    /** Queues a write; the future completes once it is committed, or fails with a {@link StoreException}. */
    synchronized CompletableFuture<Void> submit(Lane lane, Step step) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        if (closed) {
            committed.completeExceptionally(new StoreException("the emulator database is closed", null));
        } else {
            queue.add(new Write(lane, step, committed));
        }
        return committed;
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP);
            for (Lane lane : Lane.values()) {
                commit(lane, batch.stream().filter(w -> w.lane() == lane).toList());
            }
            batch.clear();
        }
    }

    /** Writes and commits one lane of a batch; then completes its futures, outside the lock. */
    private void commit(Lane lane, List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        StoreException failure = null;
        synchronized (lock) {
            try {
                db.setAutoCommit(false);
                for (Write write : writes) {
                    write.step().write();
                }
                hooks.get(lane).flush();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                failure = new StoreException("cannot commit " + writes.size() + " " + lane.name().toLowerCase()
                        + " writes: " + e.getMessage(), e);
                rollback(lane);
            } finally {
                autoCommit();
            }
        }
        for (Write write : writes) {
            if (failure == null) {
                write.committed().complete(null);
            } else {
                write.committed().completeExceptionally(failure);
            }
        }
    }

    private void rollback(Lane lane) {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.warn("cannot roll back the emulator database: {}", e.toString());
        }
        hooks.get(lane).rolledBack();
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("cannot end a transaction of the emulator database: {}", e.toString());
        }
    }

    /** Commits what is queued, then stops the writer; later writes fail. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
