package io.alink.gateway.outbox;

import io.alink.gateway.outbox.OutboxTables.Address;
import io.alink.gateway.outbox.OutboxTables.Table;
import io.alink.gateway.store.OwnerOnly;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable journal of QoS 1 uplinks: a message is appended before it is sent and removed only once the broker
 * acknowledged it, so it survives outages, a killed process and a power cut ({@link OutboxDurability#POWER_CUT}).
 *
 * <p>Appends and acknowledgements are grouped: one writer thread commits everything that queued up while the previous
 * transaction ran, so a burst of messages costs one commit (one sync to disk), not one each. An append's future
 * completes when its message is committed: what a caller is told was accepted is already on disk.
 *
 * <p>A message sent {@link #MAX_ATTEMPTS} times without an acknowledgement ({@link #recordFailedAttempt}) moves to
 * the dead letters, where it holds up nothing; so does, when the outbox opens, a message an older version journaled
 * whose topic can never be sent. Each is logged once. Dead letters can be listed, removed or re-queued.
 *
 * <p>Bounded by bytes and age ({@link OutboxBounds}: the byte bound covers the queue and the dead letters together,
 * dead letters are dropped first). The store folder and the database files are owner-only ({@link OwnerOnly}).
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** Unacknowledged sends after which a message is given up to the dead letters. */
    public static final int MAX_ATTEMPTS = 5;
    static final String FILE_NAME = "outbox.db";

    /** At most this many operations per transaction, so one huge burst cannot hold a commit for long. */
    private static final int MAX_BATCH = 2000;
    private static final int MAX_REASON_LENGTH = 500;

    private final OutboxTables tables;
    private final CheckedTopics topics = new CheckedTopics();
    private final Clock clock;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final OutboxBounds bounds;
    private final OutboxBounds.Tally queued;
    private final OutboxBounds.Tally dead;
    private volatile boolean closed;

    private sealed interface Op permits Append, Ack, FailedAttempt, RemoveDeadLetter, Requeue, Stop {
        CompletableFuture<?> done();
    }

    private record Append(DeviceId device, String topic, byte[] payload, CompletableFuture<OutboxMessage> done)
            implements Op {
    }

    private record Ack(long seq, CompletableFuture<Void> done) implements Op {
    }

    private record FailedAttempt(long seq, String reason, CompletableFuture<Boolean> done) implements Op {
    }

    private record RemoveDeadLetter(long seq, CompletableFuture<Boolean> done) implements Op {
    }

    private record Requeue(long seq, CompletableFuture<Optional<OutboxMessage>> done) implements Op {
    }

    private record Stop(CompletableFuture<Void> done) implements Op {
    }

    /**
     * Opens (or creates) the outbox in {@code folder}; commits survive a power cut.
     *
     * @param folder the store folder; the journal is {@code outbox.db} in it
     * @param limits how much it may hold
     */
    public Outbox(Path folder, OutboxLimits limits) {
        this(folder, limits, OutboxDurability.POWER_CUT, Clock.systemUTC());
    }

    /**
     * Opens (or creates) the outbox in {@code folder}.
     *
     * @param folder     the store folder; the journal is {@code outbox.db} in it
     * @param limits     how much it may hold
     * @param durability what a commit survives
     */
    public Outbox(Path folder, OutboxLimits limits, OutboxDurability durability) {
        this(folder, limits, durability, Clock.systemUTC());
    }

    Outbox(Path folder, OutboxLimits limits, OutboxDurability durability, Clock clock) {
        this.clock = clock;
        this.bounds = new OutboxBounds(limits);
        this.queued = bounds.queued();
        this.dead = bounds.dead();
        Path file = folder.resolve(FILE_NAME);
        Connection db = null;
        try {
            OwnerOnly.folder(folder);
            // SQLite creates the -wal and -shm files with the database file's mode, so that one is created first
            OwnerOnly.file(file);
            OwnerOnly.existingFile(folder.resolve(FILE_NAME + "-wal"));
            OwnerOnly.existingFile(folder.resolve(FILE_NAME + "-shm"));
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            tables = new OutboxTables(db, durability);
            setAsideUnsendable(clock.millis());
            bounds.recount(tables);
        } catch (SQLException | IOException e) {
            closeQuietly(db);
            throw new OutboxException("cannot open the outbox in " + folder + ": " + e.getMessage(), e);
        }
        writer = new Thread(this::writeLoop, "alink-outbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Journals a message; the future completes once it is committed to disk, or fails if the outbox is closed or
     * {@code topic} could never be sent ({@link AlinkTopic#problem}).
     *
     * @param device  whose message it is
     * @param topic   where it goes
     * @param payload what it says
     * @return completes with the journaled message and its seq
     */
    public CompletableFuture<OutboxMessage> append(DeviceId device, String topic, byte[] payload) {
        Optional<String> problem = topics.problem(topic);
        if (problem.isPresent()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("topic: " + problem.get()));
        }
        return submit(new Append(device, topic, payload.clone(), new CompletableFuture<>()));
    }

    /**
     * The broker acknowledged this message: forget it (grouped with other writes). The future completes once the
     * removal is committed; until then {@link #pending} still lists the message. Fails if the outbox is closed (the
     * message then stays, to be sent again: at least once).
     *
     * @param seq the message
     * @return completes once the removal is committed
     */
    public CompletableFuture<Void> acknowledge(long seq) {
        return submit(new Ack(seq, new CompletableFuture<>()));
    }

    /**
     * A send of this message was not acknowledged ({@code reason}: the connection was lost meanwhile, the publish
     * failed). Completes with true when that was attempt {@link #MAX_ATTEMPTS} and the message moved to the dead
     * letters; false when it stays queued (or is no longer queued).
     *
     * @param seq    the message
     * @param reason why the send failed, kept with a dead letter
     * @return completes with whether the message became a dead letter
     */
    public CompletableFuture<Boolean> recordFailedAttempt(long seq, String reason) {
        return submit(new FailedAttempt(seq, reason, new CompletableFuture<>()));
    }

    /**
     * Deletes a dead letter.
     *
     * @param seq the dead letter
     * @return completes with false when there is none with that seq
     */
    public CompletableFuture<Boolean> removeDeadLetter(long seq) {
        return submit(new RemoveDeadLetter(seq, new CompletableFuture<>()));
    }

    /**
     * Puts a dead letter back at the end of its device's queue, under a new seq and with its attempts reset;
     * completes with the queued message, or empty when there is no dead letter with that seq.
     *
     * @param seq the dead letter
     * @return completes with the message as queued again
     */
    public CompletableFuture<Optional<OutboxMessage>> requeueDeadLetter(long seq) {
        return submit(new Requeue(seq, new CompletableFuture<>()));
    }

    private <T> CompletableFuture<T> submit(Op op) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T> done = (CompletableFuture<T>) op.done();
        if (closed) {
            done.completeExceptionally(new OutboxException("the outbox is closed", null));
        } else {
            queue.add(op);
        }
        return done;
    }

    /**
     * Messages still waiting for an acknowledgement, oldest first.
     *
     * @param afterSeq only those after this seq (0 for all)
     * @param max      at most this many
     * @return the messages
     */
    public synchronized List<OutboxMessage> pending(long afterSeq, int max) {
        return read(() -> tables.pending(afterSeq, max), "read the outbox");
    }

    /**
     * Dead letters, oldest first.
     *
     * @param afterSeq only those after this seq (0 for all)
     * @param max      at most this many
     * @return the dead letters
     */
    public synchronized List<DeadLetter> deadLetters(long afterSeq, int max) {
        return read(() -> tables.deadLetters(afterSeq, max), "read the dead letters");
    }

    /** {@return the messages waiting for an acknowledgement, per device} */
    public synchronized Map<DeviceId, Long> queuedByDevice() {
        return read(tables::queuedByDevice, "count the outbox");
    }

    /** {@return how many messages wait for an acknowledgement} */
    public long queuedMessages() {
        return queued.count();
    }

    /** {@return the bytes (payloads and topics) of the messages waiting for an acknowledgement} */
    public long queuedBytes() {
        return queued.bytes();
    }

    /** {@return how many messages the dead letters hold} */
    public long deadLetterCount() {
        return dead.count();
    }

    /** {@return the messages dropped since this outbox was opened because it was full or they were too old} */
    public long droppedMessages() {
        return bounds.dropped();
    }

    /** Commits what is queued, then closes the database. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        queue.add(new Stop(stopped));
        stopped.join();
        synchronized (this) {
            try {
                tables.close();
            } catch (SQLException e) {
                throw new OutboxException("cannot close the outbox: " + e.getMessage(), e);
            }
        }
    }

    private interface Read<T> {
        T run() throws SQLException;
    }

    private <T> T read(Read<T> read, String what) {
        try {
            T result = read.run();
            tables.commit();
            return result;
        } catch (SQLException e) {
            throw new OutboxException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * What an older version journaled and can never be sent: a row whose device cannot be read is dropped, one whose
     * topic the door now refuses goes to the dead letters at once, rather than closing the connection at every send.
     */
    private void setAsideUnsendable(long now) throws SQLException {
        List<Address> unsendable = tables.queuedAddresses(address -> !isReadable(address.device())
                || AlinkTopic.problem(address.topic()).isPresent());
        for (Address address : unsendable) {
            if (!isReadable(address.device())) {
                tables.delete(Table.OUTBOX, address.seq());
                bounds.countDroppedElsewhere();
                LOG.warn("Outbox message {} dropped: the device it was stored with is not a valid device", address.seq());
            } else {
                String reason = "its topic cannot be sent: " + AlinkTopic.problem(address.topic()).orElseThrow();
                DeadLetter moved = tables.moveToDeadLetters(address.seq(), reason, now);
                LOG.warn("Outbox message {} of {} moved to the dead letters: {}", moved.seq(), moved.device(), reason);
            }
        }
        tables.commit();
    }

    private static boolean isReadable(String deviceKey) {
        try {
            OutboxTables.deviceOf(deviceKey);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void writeLoop() {
        List<Op> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            Stop stop = commit(batch);
            batch.clear();
            if (stop != null) {
                stop.done().complete(null);
                return;
            }
        }
    }

    private synchronized Stop commit(List<Op> batch) {
        List<Runnable> afterCommit = new ArrayList<>();
        Stop stop = null;
        try {
            long now = clock.millis();
            for (Op op : batch) {
                if (op instanceof Stop s) {
                    stop = s;
                } else {
                    afterCommit.add(apply(op, now));
                }
            }
            bounds.expireOld(tables, now);
            tables.commit();
            bounds.endDropBurstIfQuiet();
            afterCommit.forEach(Runnable::run);
        } catch (SQLException e) {
            rollbackQuietly();
            OutboxException failure = new OutboxException("cannot write the outbox: " + e.getMessage(), e);
            LOG.error("outbox write failed; {} operations not journaled", batch.size(), failure);
            batch.stream().filter(op -> !(op instanceof Stop)).forEach(op -> op.done().completeExceptionally(failure));
            recount();
        }
        return stop;
    }

    /** Applies one operation to the open transaction; what to do once it is committed. */
    private Runnable apply(Op op, long now) throws SQLException {
        if (op instanceof Append a) {
            int size = a.payload().length + a.topic().length();
            bounds.makeRoom(tables, size);
            long seq = tables.insert(a.device(), a.topic(), a.payload(), now, size);
            queued.add(size);
            OutboxMessage stored = new OutboxMessage(seq, a.device(), a.topic(), a.payload(), now);
            return () -> a.done().complete(stored);
        }
        if (op instanceof Ack ack) {
            long size = tables.delete(Table.OUTBOX, ack.seq());
            if (size >= 0) {
                queued.remove(size);
            }
            return () -> ack.done().complete(null);
        }
        if (op instanceof FailedAttempt failed) {
            return failedAttempt(failed, now);
        }
        if (op instanceof RemoveDeadLetter remove) {
            long size = tables.delete(Table.DEAD_LETTERS, remove.seq());
            if (size >= 0) {
                dead.remove(size);
            }
            return () -> remove.done().complete(size >= 0);
        }
        Requeue requeue = (Requeue) op;
        Optional<OutboxMessage> back = Optional.ofNullable(tables.requeue(requeue.seq(), now));
        back.ifPresent(message -> {
            dead.remove(message.size());
            queued.add(message.size());
        });
        return () -> requeue.done().complete(back);
    }

    private Runnable failedAttempt(FailedAttempt failed, long now) throws SQLException {
        int attempts = tables.countAttempt(failed.seq());
        if (attempts < MAX_ATTEMPTS) {
            return () -> failed.done().complete(false);
        }
        String reason = truncate("not acknowledged after " + attempts + " sends; the last: " + failed.reason());
        DeadLetter moved = tables.moveToDeadLetters(failed.seq(), reason, now);
        queued.remove(moved.size());
        dead.add(moved.size());
        return () -> {
            // once per message, and never its payload
            LOG.warn("Outbox message {} of {} to {} moved to the dead letters: {}", moved.seq(), moved.device(),
                    moved.topic(), reason);
            failed.done().complete(true);
        };
    }

    private void rollbackQuietly() {
        try {
            tables.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private void recount() {
        try {
            bounds.recount(tables);
            tables.commit();
        } catch (SQLException e) {
            LOG.error("cannot recount the outbox", e);
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
    }

    private static void closeQuietly(Connection db) {
        try {
            if (db != null) {
                db.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing the outbox database failed", e);
        }
    }

    /** The outbox's storage failed. */
    public static final class OutboxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
