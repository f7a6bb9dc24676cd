package io.alink.gateway.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable journal of QoS 1 uplinks: a message is appended before it is sent and removed only once the broker
 * acknowledged it, so it survives outages and a killed process. Bounded by bytes and age; when full, the oldest
 * messages are dropped, each drop counted and logged once per burst.
 *
 * <p>Appends and acknowledgements are grouped: one writer thread commits everything that queued up while the previous
 * transaction ran, so a burst of messages costs one commit, not one each. An append's future completes when its
 * message is committed: what a caller is told was accepted is already on disk.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** At most this many operations per transaction, so one huge burst cannot hold a commit for long. */
    private static final int MAX_BATCH = 2000;

    private final Connection db;
    private final OutboxLimits limits;
    private final Clock clock;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong queuedCount = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean closed;
    private boolean inDropBurst;
    private long burstDrops;
    private long droppedThisBatch;

    private sealed interface Op permits Append, Ack, Stop {
    }

    private record Append(String deviceKey, String topic, byte[] payload, CompletableFuture<OutboxMessage> done)
            implements Op {
    }

    private record Ack(long seq, CompletableFuture<Void> done) implements Op {
    }

    private record Stop(CompletableFuture<Void> done) implements Op {
    }

    public Outbox(Path folder, OutboxLimits limits) {
        this(folder, limits, Clock.systemUTC());
    }

    Outbox(Path folder, OutboxLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        try {
            Files.createDirectories(folder);
            db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("outbox.db"));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " device TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL, created INTEGER NOT NULL,"
                        + " size INTEGER NOT NULL)");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(size),0) FROM outbox")) {
                    rs.next();
                    queuedCount.set(rs.getLong(1));
                    queuedBytes.set(rs.getLong(2));
                }
            }
            db.setAutoCommit(false);
        } catch (SQLException | java.io.IOException e) {
            throw new OutboxException("cannot open the outbox in " + folder + ": " + e.getMessage(), e);
        }
        writer = new Thread(this::writeLoop, "alink-outbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Journals a message; the future completes once it is committed to disk (or fails if the outbox is closed). */
    public CompletableFuture<OutboxMessage> append(String deviceKey, String topic, byte[] payload) {
        CompletableFuture<OutboxMessage> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new OutboxException("the outbox is closed", null));
            return done;
        }
        queue.add(new Append(deviceKey, topic, payload.clone(), done));
        return done;
    }

    /**
     * The broker acknowledged this message: forget it (grouped with other writes). The future completes once the
     * removal is committed; until then {@link #pending} still lists the message. Fails if the outbox is closed (the
     * message then stays, to be sent again: at least once).
     */
    public CompletableFuture<Void> acknowledge(long seq) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new OutboxException("the outbox is closed", null));
        } else {
            queue.add(new Ack(seq, done));
        }
        return done;
    }

    /** Messages still waiting for an acknowledgement, oldest first, after {@code afterSeq}. */
    public synchronized List<OutboxMessage> pending(long afterSeq, int max) {
        List<OutboxMessage> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT seq, device, topic, payload, created FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            rs.getLong(5)));
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new OutboxException("cannot read the outbox: " + e.getMessage(), e);
        }
        return out;
    }

    public long queuedMessages() {
        return queuedCount.get();
    }

    /** Messages waiting for an acknowledgement, per device key ({@code productKey/deviceName}). */
    public synchronized java.util.Map<String, Long> queuedByDevice() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT device, COUNT(*) FROM outbox GROUP BY device")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            db.commit();
        } catch (SQLException e) {
            throw new OutboxException("cannot count the outbox: " + e.getMessage(), e);
        }
        return counts;
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Messages dropped since this outbox was opened because it was full or they were too old. */
    public long droppedMessages() {
        return dropped.get();
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
                db.close();
            } catch (SQLException e) {
                throw new OutboxException("cannot close the outbox: " + e.getMessage(), e);
            }
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
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO outbox (device, topic, payload, created, size) VALUES (?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS);
             PreparedStatement delete = db.prepareStatement("DELETE FROM outbox WHERE seq = ? RETURNING size")) {
            long now = clock.millis();
            for (Op op : batch) {
                if (op instanceof Append a) {
                    int size = a.payload().length + a.topic().length();
                    makeRoom(size);
                    insert.setString(1, a.deviceKey());
                    insert.setString(2, a.topic());
                    insert.setBytes(3, a.payload());
                    insert.setLong(4, now);
                    insert.setInt(5, size);
                    insert.executeUpdate();
                    long seq;
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        seq = keys.getLong(1);
                    }
                    queuedCount.incrementAndGet();
                    queuedBytes.addAndGet(size);
                    OutboxMessage stored = new OutboxMessage(seq, a.deviceKey(), a.topic(), a.payload(), now);
                    afterCommit.add(() -> a.done().complete(stored));
                } else if (op instanceof Ack ack) {
                    delete.setLong(1, ack.seq());
                    try (ResultSet rs = delete.executeQuery()) {
                        if (rs.next()) {
                            queuedCount.decrementAndGet();
                            queuedBytes.addAndGet(-rs.getLong(1));
                        }
                    }
                    afterCommit.add(() -> ack.done().complete(null));
                } else if (op instanceof Stop s) {
                    stop = s;
                }
            }
            expireOld(now);
            db.commit();
            endDropBurstIfQuiet();
            afterCommit.forEach(Runnable::run);
        } catch (SQLException e) {
            rollbackQuietly();
            OutboxException failure = new OutboxException("cannot write the outbox: " + e.getMessage(), e);
            LOG.error("outbox write failed; {} operations not journaled", batch.size(), failure);
            for (Op op : batch) {
                if (op instanceof Append a) {
                    a.done().completeExceptionally(failure);
                } else if (op instanceof Ack ack) {
                    ack.done().completeExceptionally(failure);
                }
            }
            recount();
        }
        return stop;
    }

    /** Drops the oldest messages until {@code incoming} more bytes fit under the bound. */
    private void makeRoom(int incoming) throws SQLException {
        if (queuedBytes.get() + incoming <= limits.maxBytes()) {
            return;
        }
        try (PreparedStatement oldest = db.prepareStatement("SELECT seq, size FROM outbox ORDER BY seq LIMIT 256");
             PreparedStatement delete = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            while (queuedBytes.get() + incoming > limits.maxBytes() && queuedCount.get() > 0) {
                boolean any = false;
                try (ResultSet rs = oldest.executeQuery()) {
                    while (rs.next() && queuedBytes.get() + incoming > limits.maxBytes()) {
                        delete.setLong(1, rs.getLong(1));
                        delete.executeUpdate();
                        queuedBytes.addAndGet(-rs.getLong(2));
                        queuedCount.decrementAndGet();
                        countDrop(1, "the outbox is full (" + limits.maxBytes() + " bytes)");
                        any = true;
                    }
                }
                if (!any) {
                    return;
                }
            }
        }
    }

    private void expireOld(long now) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM outbox WHERE created < ? RETURNING size")) {
            ps.setLong(1, now - limits.maxAge().toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                int expired = 0;
                while (rs.next()) {
                    queuedBytes.addAndGet(-rs.getLong(1));
                    queuedCount.decrementAndGet();
                    expired++;
                }
                if (expired > 0) {
                    countDrop(expired, "older than " + limits.maxAge());
                }
            }
        }
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

    /** A burst of drops ends with the first commit that drops nothing; its total is logged once, then. */
    private void endDropBurstIfQuiet() {
        if (inDropBurst && droppedThisBatch == 0) {
            LOG.warn("outbox dropped {} messages in that burst ({} since it was opened)", burstDrops, dropped.get());
            inDropBurst = false;
            burstDrops = 0;
        }
        droppedThisBatch = 0;
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private void recount() {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(size),0) FROM outbox")) {
            rs.next();
            queuedCount.set(rs.getLong(1));
            queuedBytes.set(rs.getLong(2));
            db.commit();
        } catch (SQLException e) {
            LOG.error("cannot recount the outbox", e);
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
