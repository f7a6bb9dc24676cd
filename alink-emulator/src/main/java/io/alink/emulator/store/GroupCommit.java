package io.alink.emulator.store;

import io.alink.emulator.store.PlatformStore.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of one kind of write (the message log, or property values): whoever commits takes every write queued
 * since the last commit into one transaction, then completes their futures. One transaction for many messages pays
 * the per-transaction cost (WAL frame headers, page rewrites, locking) once instead of once per message.
 *
 * <p>Who commits: {@linkplain #onCallers on the callers' threads}, the first caller that finds no commit under way
 * commits, its own write and all queued while it did (no hand-off to another thread when nothing else is being
 * written: a lone client's message costs no more than a plain insert); or {@linkplain #onItsOwnThread on a thread of
 * its own}, so that the caller goes on while its write is committed. Either kind also takes writes that no caller
 * waits for ({@link #submitInBackground}) on its thread. Writes are committed in the order they were queued.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** Writes taken into one transaction at most: bounds a transaction's memory and the wait of the first writer. */
    private static final int MAX_BATCH = 2_000;

    /** One write, run inside the transaction. */
    interface Step {
        void write() throws SQLException;
    }

    /** What happens around the writes: running pending statement batches, forgetting counts kept on rollback. */
    interface Hooks {
        void flush() throws SQLException;

        void rolledBack();
    }

    private record Write(Step step, CompletableFuture<Void> committed) {
    }

    private final String name;
    private final Connection db;
    private final Object lock;
    private final Hooks hooks;
    private final boolean onCallers;
    private final ExecutorService thread;
    private final Queue<Write> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();
    /** A drain is queued on the thread and has not started: one is enough for every write queued until it does. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private volatile boolean closed;

    private GroupCommit(String name, Connection db, Object lock, Hooks hooks, boolean onCallers) {
        this.name = name;
        this.db = db;
        this.lock = lock;
        this.hooks = hooks;
        this.onCallers = onCallers;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread writer = new Thread(runnable, "emulator-db-" + name);
            writer.setDaemon(true);
            return writer;
        });
    }

    static GroupCommit onCallers(String name, Connection db, Object lock, Hooks hooks) {
        return new GroupCommit(name, db, lock, hooks, true);
    }

    static GroupCommit onItsOwnThread(String name, Connection db, Object lock, Hooks hooks) {
        return new GroupCommit(name, db, lock, hooks, false);
    }

    /** Queues a write; the future completes once it is committed, or fails with a {@link StoreException}. */
    CompletableFuture<Void> submit(Step step) {
        return submit(step, onCallers);
    }

    /**
     * Queues a write that its caller does not wait for: this object's thread commits it, with whatever else is
     * queued by then, while the caller goes on. The future completes as {@link #submit}'s.
     */
    CompletableFuture<Void> submitInBackground(Step step) {
        return submit(step, false);
    }

    private CompletableFuture<Void> submit(Step step, boolean commitHere) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        if (closed) {
            committed.completeExceptionally(new StoreException("the emulator database is closed", null));
            return committed;
        }
        queue.add(new Write(step, committed));
        if (commitHere) {
            drain();
        } else if (drainQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    drainQueued.set(false);
                    drain();
                });
            } catch (RejectedExecutionException closing) {
                drainQueued.set(false);
                drain();
            }
        }
        return committed;
    }

    /** Commits until the queue is empty, unless another thread is doing so: that one will also take what is queued. */
    private void drain() {
        // re-checked after each release: a write queued just before it is not left behind
        while (!queue.isEmpty() && committing.compareAndSet(false, true)) {
            try {
                List<Write> batch = new ArrayList<>();
                Write write = queue.poll();
                while (write != null) {
                    batch.add(write);
                    write = batch.size() < MAX_BATCH ? queue.poll() : null;
                }
                commit(batch);
            } finally {
                committing.set(false);
            }
        }
    }

    /** Writes and commits a batch; then completes its futures, outside the lock. */
    private void commit(List<Write> writes) {
        StoreException failure = null;
        synchronized (lock) {
            try {
                db.setAutoCommit(false);
                for (Write write : writes) {
                    write.step().write();
                }
                hooks.flush();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                failure = new StoreException("cannot commit " + writes.size() + " " + name + " writes: "
                        + e.getMessage(), e);
                rollback();
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

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.warn("cannot roll back the emulator database: {}", e.toString());
        }
        hooks.rolledBack();
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("cannot end a transaction of the emulator database: {}", e.toString());
        }
    }

    /** Commits what is queued; later writes fail. */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}
