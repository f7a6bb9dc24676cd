package io.alink.gateway.outbox;

import io.alink.protocol.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The outbox's two tables in SQLite, one statement each operation: {@code outbox}, the messages waiting for a PUBACK,
 * and {@code dead_letters}, those given up. A device is stored as {@code productKey/deviceName}. Not thread-safe: the
 * {@link Outbox} serializes every call, and commits.
 */
final class OutboxTables implements AutoCloseable {

    /** Which table a row is in. */
    enum Table {
        OUTBOX("outbox"), DEAD_LETTERS("dead_letters");

        final String sql;

        Table(String sql) {
            this.sql = sql;
        }
    }

    /** A row's seq and size, enough to drop it and keep the counts. */
    record SeqSize(long seq, long size) {
    }

    /** Where a queued message goes, as stored. */
    record Address(long seq, String device, String topic) {
    }

    /** How many rows a table holds, and their bytes. */
    record Usage(long count, long bytes) {
    }

    private static final int KNOWN_DEVICES = 10_000;

    private final Connection db;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Used, like the statements, by whoever holds the outbox's lock. */
    private final Map<String, DeviceId> knownDevices = new HashMap<>();

    /** Opens the tables on {@code db}, creating or upgrading them. */
    OutboxTables(Connection db, OutboxDurability durability) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + durability.synchronous);
            s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " device TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL, created INTEGER NOT NULL,"
                    + " size INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)");
            if (!hasColumn(s, "outbox", "attempts")) {
                // a journal written before dead letters existed
                s.execute("ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0");
            }
            s.execute("CREATE TABLE IF NOT EXISTS dead_letters (seq INTEGER PRIMARY KEY, device TEXT NOT NULL,"
                    + " topic TEXT NOT NULL, payload BLOB NOT NULL, created INTEGER NOT NULL, size INTEGER NOT NULL,"
                    + " attempts INTEGER NOT NULL, reason TEXT NOT NULL, dead_lettered INTEGER NOT NULL)");
            // every commit looks for expired rows: without an index that is a scan of the whole journal
            s.execute("CREATE INDEX IF NOT EXISTS outbox_created ON outbox (created)");
            s.execute("CREATE INDEX IF NOT EXISTS dead_letters_created ON dead_letters (created)");
        }
        db.setAutoCommit(false);
    }

    private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (rs.getString("name").equals(column)) {
                    return true;
                }
            }
        }
        return false;
    }

    Usage usage(Table table) throws SQLException {
        try (ResultSet rs = statement("SELECT COUNT(*), COALESCE(SUM(size),0) FROM " + table.sql).executeQuery()) {
            rs.next();
            return new Usage(rs.getLong(1), rs.getLong(2));
        }
    }

    long insert(DeviceId device, String topic, byte[] payload, long created, int size) throws SQLException {
        PreparedStatement insert = statement(
                "INSERT INTO outbox (device, topic, payload, created, size) VALUES (?,?,?,?,?) RETURNING seq");
        insert.setString(1, device.toString());
        insert.setString(2, topic);
        insert.setBytes(3, payload);
        insert.setLong(4, created);
        insert.setInt(5, size);
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deletes a row; its size, or -1 when there was none. */
    long delete(Table table, long seq) throws SQLException {
        PreparedStatement delete = statement("DELETE FROM " + table.sql + " WHERE seq = ? RETURNING size");
        delete.setLong(1, seq);
        try (ResultSet rs = delete.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** Counts a failed attempt; the attempts so far, or -1 when the message is no longer queued. */
    int countAttempt(long seq) throws SQLException {
        PreparedStatement update = statement("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ? RETURNING attempts");
        update.setLong(1, seq);
        try (ResultSet rs = update.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    /** Moves a queued message to the dead letters; the dead letter, or null when it is no longer queued. */
    DeadLetter moveToDeadLetters(long seq, String reason, long now) throws SQLException {
        PreparedStatement copy = statement("INSERT INTO dead_letters SELECT seq, device, topic, payload, created, size,"
                + " attempts, ?, ? FROM outbox WHERE seq = ? RETURNING seq, device, topic, size, attempts, reason,"
                + " dead_lettered");
        copy.setString(1, reason);
        copy.setLong(2, now);
        copy.setLong(3, seq);
        DeadLetter moved;
        try (ResultSet rs = copy.executeQuery()) {
            moved = rs.next() ? deadLetter(rs) : null;
        }
        if (moved != null) {
            delete(Table.OUTBOX, seq);
        }
        return moved;
    }

    /** Puts a dead letter back at the end of the queue, attempts reset; null when there is no such dead letter. */
    OutboxMessage requeue(long seq, long now) throws SQLException {
        PreparedStatement find = statement("SELECT device, topic, payload FROM dead_letters WHERE seq = ?");
        find.setLong(1, seq);
        OutboxMessage back;
        try (ResultSet rs = find.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            DeviceId device = deviceOf(rs.getString(1));
            String topic = rs.getString(2);
            byte[] payload = rs.getBytes(3);
            long newSeq = insert(device, topic, payload, now, payload.length + topic.length());
            back = new OutboxMessage(newSeq, device, topic, payload, now);
        }
        delete(Table.DEAD_LETTERS, seq);
        return back;
    }

    /** The oldest rows of a table, oldest first. */
    List<SeqSize> oldest(Table table, int max) throws SQLException {
        PreparedStatement oldest = statement("SELECT seq, size FROM " + table.sql + " ORDER BY seq LIMIT ?");
        oldest.setInt(1, max);
        return seqSizes(oldest);
    }

    /** Deletes the rows created before {@code cutoff}; their seqs and sizes. */
    List<SeqSize> deleteCreatedBefore(Table table, long cutoff) throws SQLException {
        PreparedStatement delete = statement("DELETE FROM " + table.sql + " WHERE created < ? RETURNING seq, size");
        delete.setLong(1, cutoff);
        return seqSizes(delete);
    }

    private static List<SeqSize> seqSizes(PreparedStatement query) throws SQLException {
        List<SeqSize> rows = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(new SeqSize(rs.getLong(1), rs.getLong(2)));
            }
        }
        return rows;
    }

    List<OutboxMessage> pending(long afterSeq, int max) throws SQLException {
        PreparedStatement page = statement(
                "SELECT seq, device, topic, payload, created FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?");
        page.setLong(1, afterSeq);
        page.setInt(2, max);
        List<OutboxMessage> out = new ArrayList<>();
        try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
                out.add(new OutboxMessage(rs.getLong(1), knownDevice(rs.getString(2)), rs.getString(3), rs.getBytes(4),
                        rs.getLong(5)));
            }
        }
        return out;
    }

    List<DeadLetter> deadLetters(long afterSeq, int max) throws SQLException {
        PreparedStatement page = statement("SELECT seq, device, topic, size, attempts, reason, dead_lettered"
                + " FROM dead_letters WHERE seq > ? ORDER BY seq LIMIT ?");
        page.setLong(1, afterSeq);
        page.setInt(2, max);
        List<DeadLetter> out = new ArrayList<>();
        try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
                out.add(deadLetter(rs));
            }
        }
        return out;
    }

    Map<DeviceId, Long> queuedByDevice() throws SQLException {
        Map<DeviceId, Long> counts = new HashMap<>();
        try (ResultSet rs = statement("SELECT device, COUNT(*) FROM outbox GROUP BY device").executeQuery()) {
            while (rs.next()) {
                counts.put(deviceOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    /** The seq, device (as stored) and topic of the queued messages that {@code select} picks, oldest first. */
    List<Address> queuedAddresses(Predicate<Address> select) throws SQLException {
        List<Address> rows = new ArrayList<>();
        try (ResultSet rs = statement("SELECT seq, device, topic FROM outbox ORDER BY seq").executeQuery()) {
            while (rs.next()) {
                Address address = new Address(rs.getLong(1), rs.getString(2), rs.getString(3));
                if (select.test(address)) {
                    rows.add(address);
                }
            }
        }
        return rows;
    }

    void commit() throws SQLException {
        db.commit();
    }

    void rollback() throws SQLException {
        db.rollback();
    }

    /** A stored device key; @throws IllegalArgumentException when it names no valid device */
    /**
     * {@link #deviceOf}, remembered: a journal's rows name few devices, and every row read back would otherwise check
     * its device's two names again. At most {@value #KNOWN_DEVICES} are held; past that the memory starts again.
     */
    private DeviceId knownDevice(String key) {
        DeviceId known = knownDevices.get(key);
        if (known == null) {
            if (knownDevices.size() >= KNOWN_DEVICES) {
                knownDevices.clear();
            }
            known = deviceOf(key);
            knownDevices.put(key, known);
        }
        return known;
    }

    static DeviceId deviceOf(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a device is stored as productKey/deviceName");
        }
        return DeviceId.of(key.substring(0, slash), key.substring(slash + 1));
    }

    private static DeadLetter deadLetter(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong(1), deviceOf(rs.getString(2)), rs.getString(3), rs.getInt(4), rs.getInt(5),
                rs.getString(6), rs.getLong(7));
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = db.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
        db.close();
    }
}
