package io.alink.emulator.store;

import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteConfig;

/**
 * The emulator's durable state in one SQLite file: products, devices (with secrets the emulator issued), topology,
 * the message log and the reported property values ({@link #properties()}). Write-ahead logging without an fsync
 * per statement survives a process crash (kill -9), which is what the emulator promises; not a power loss.
 *
 * <p>One connection, used under this object's lock: SQLite has a single writer anyway, and the platform keeps a
 * cache in memory, so reads here happen only at start, for the message log and for property values. What devices
 * send (the message log, property values) is committed many messages at a time ({@link GroupCommit}); readers take
 * the same lock, so they see committed data only.
 */
public final class PlatformStore implements AutoCloseable {

    /** Trimming the message log on every insert would double its cost; trimming every so often keeps it bounded. */
    private static final int TRIM_EVERY = 1000;
    /** The size of a logged message, as SQL: what {@link #entryBytes} counts in Java. */
    private static final String ENTRY_BYTES = "length(payload) + length(CAST(topic AS BLOB))";

    private final Connection db;
    private final int messageLogSize;
    private final int messageLogBytes;
    private final PreparedStatement insertMessage;
    private final GroupCommit messageLog;
    private final PropertyStore properties;
    private final OtaStore ota;
    private final DeviceStateStore deviceState;
    private int insertsSinceTrim;
    private long loggedBytes;

    public record StoredProduct(String productKey, String productSecret, NodeType nodeType, boolean dynamicRegistration) {
    }

    public record StoredDevice(DeviceId id, String deviceSecret, boolean enabled, boolean activated, String deviceToken) {
    }

    public record StoredTopo(DeviceId gateway, DeviceId subDevice) {
    }

    /**
     * Opens (or creates) the database in {@code dataDir}. The folder is owner-only (0700) and so is every file in it
     * (0600), the database's write-ahead log and shared-memory files included: the database holds every secret.
     */
    public PlatformStore(Path dataDir, int messageLogSize, int messageLogBytes) {
        this.messageLogSize = messageLogSize;
        this.messageLogBytes = messageLogBytes;
        try {
            OwnerOnlyFiles.folder(dataDir);
            Path file = dataDir.resolve("emulator.db");
            OwnerOnlyFiles.file(file);
            SQLiteConfig config = new SQLiteConfig();
            // the driver would otherwise run "SELECT last_insert_rowid()" after every INSERT: nothing here reads it
            config.setGetGeneratedKeys(false);
            db = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS product (product_key TEXT PRIMARY KEY, product_secret TEXT,"
                        + " node_type TEXT NOT NULL, dynamic_registration INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS device (product_key TEXT NOT NULL, device_name TEXT NOT NULL,"
                        + " device_secret TEXT, enabled INTEGER NOT NULL DEFAULT 1, activated INTEGER NOT NULL DEFAULT 0,"
                        + " device_token TEXT, PRIMARY KEY (product_key, device_name))");
                s.execute("CREATE TABLE IF NOT EXISTS topo (sub_pk TEXT NOT NULL, sub_dn TEXT NOT NULL,"
                        + " gw_pk TEXT NOT NULL, gw_dn TEXT NOT NULL, added INTEGER NOT NULL, PRIMARY KEY (sub_pk, sub_dn))");
                s.execute("CREATE TABLE IF NOT EXISTS message (seq INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL,"
                        + " product_key TEXT, device_name TEXT, topic TEXT NOT NULL, payload BLOB NOT NULL, qos INTEGER NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS message_device ON message (product_key, device_name, seq)");
            }
            messageLog = GroupCommit.onCallers("message log", db, this, new MessageLogCommits());
            properties = new PropertyStore(db, this);
            ota = new OtaStore(db, this, dataDir);
            deviceState = new DeviceStateStore(db, this);
            insertMessage = db.prepareStatement(
                    "INSERT INTO message (time, product_key, device_name, topic, payload, qos) VALUES (?,?,?,?,?,?)");
            loggedBytes = query("SELECT COALESCE(SUM(" + ENTRY_BYTES + "), 0) FROM message", rs -> rs.getLong(1)).get(0);
            trimToBytes();
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open the emulator data folder " + dataDir + ": " + e.getMessage(), e);
        }
    }

    // ---- products and devices ---------------------------------------------------------------------------------

    public synchronized List<StoredProduct> products() {
        return query("SELECT product_key, product_secret, node_type, dynamic_registration FROM product", rs ->
                new StoredProduct(rs.getString(1), rs.getString(2), NodeType.valueOf(rs.getString(3)), rs.getInt(4) != 0));
    }

    public synchronized void saveProduct(StoredProduct p) {
        update("INSERT INTO product (product_key, product_secret, node_type, dynamic_registration) VALUES (?,?,?,?)"
                        + " ON CONFLICT(product_key) DO UPDATE SET product_secret=excluded.product_secret,"
                        + " node_type=excluded.node_type, dynamic_registration=excluded.dynamic_registration",
                p.productKey(), p.productSecret(), p.nodeType().name(), p.dynamicRegistration() ? 1 : 0);
    }

    public synchronized List<StoredDevice> devices() {
        return query("SELECT product_key, device_name, device_secret, enabled, activated, device_token FROM device", rs ->
                new StoredDevice(DeviceId.of(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getInt(4) != 0,
                        rs.getInt(5) != 0, rs.getString(6)));
    }

    public synchronized void saveDevice(StoredDevice d) {
        update("INSERT INTO device (product_key, device_name, device_secret, enabled, activated, device_token)"
                        + " VALUES (?,?,?,?,?,?) ON CONFLICT(product_key, device_name) DO UPDATE SET"
                        + " device_secret=excluded.device_secret, enabled=excluded.enabled,"
                        + " activated=excluded.activated, device_token=excluded.device_token",
                d.id().productKey(), d.id().deviceName(), d.deviceSecret(), d.enabled() ? 1 : 0, d.activated() ? 1 : 0,
                d.deviceToken());
    }

    public synchronized void deleteDevice(DeviceId id) {
        update("DELETE FROM device WHERE product_key=? AND device_name=?", id.productKey(), id.deviceName());
    }

    // ---- topology -----------------------------------------------------------------------------------------------

    public synchronized List<StoredTopo> topology() {
        return query("SELECT gw_pk, gw_dn, sub_pk, sub_dn FROM topo ORDER BY added", rs ->
                new StoredTopo(DeviceId.of(rs.getString(1), rs.getString(2)), DeviceId.of(rs.getString(3), rs.getString(4))));
    }

    /** Records the relation; a sub-device has one gateway, so this replaces any previous one. */
    public synchronized void saveTopo(DeviceId gateway, DeviceId subDevice) {
        update("INSERT INTO topo (sub_pk, sub_dn, gw_pk, gw_dn, added) VALUES (?,?,?,?,?) ON CONFLICT(sub_pk, sub_dn)"
                        + " DO UPDATE SET gw_pk=excluded.gw_pk, gw_dn=excluded.gw_dn, added=excluded.added",
                subDevice.productKey(), subDevice.deviceName(), gateway.productKey(), gateway.deviceName(),
                System.nanoTime());
    }

    public synchronized void deleteTopo(DeviceId subDevice) {
        update("DELETE FROM topo WHERE sub_pk=? AND sub_dn=?", subDevice.productKey(), subDevice.deviceName());
    }

    /** The property values devices reported; it shares this store's connection and lock. */
    public PropertyStore properties() {
        return properties;
    }

    /** Firmware packages, upgrade jobs and informed versions; it shares this store's connection and lock. */
    public OtaStore ota() {
        return ota;
    }

    /** Tags, desired values, shadows and configuration files; it shares this store's connection and lock. */
    public DeviceStateStore deviceState() {
        return deviceState;
    }

    // ---- message log ----------------------------------------------------------------------------------------------

    /**
     * Appends a device-to-cloud message to the log without committing it on this thread: the log's own thread commits
     * it, in the order of appending, with whatever else is appended by then (a connection's next messages too, since
     * its caller goes on meanwhile). The future completes once it is committed (a QoS 1 PUBACK waits for it).
     * {@link #messages} and {@link #close} wait for what is queued, so no reader misses it.
     */
    public CompletableFuture<Void> queueMessage(long timeMillis, DeviceId device, String topic, byte[] payload,
                                                int qos) {
        return messageLog.submitInBackground(insert(timeMillis, device, topic, payload, qos));
    }

    private GroupCommit.Step insert(long timeMillis, DeviceId device, String topic, byte[] payload, int qos) {
        return () -> {
            insertMessage.setLong(1, timeMillis);
            insertMessage.setString(2, device == null ? null : device.productKey());
            insertMessage.setString(3, device == null ? null : device.deviceName());
            insertMessage.setString(4, topic);
            insertMessage.setBytes(5, payload);
            insertMessage.setInt(6, qos);
            insertMessage.executeUpdate();
            loggedBytes += entryBytes(topic, payload);
            insertsSinceTrim++;
        };
    }

    /**
     * Completes once every write queued before this call has been committed (or has failed), and the callbacks of
     * those writes (the replies that waited for them) have run.
     */
    public CompletableFuture<Void> settled() {
        return CompletableFuture.allOf(messageLog.submit(() -> { }), properties.settled())
                .handle((committed, failure) -> null);
    }

    /** The message log's end of a group commit: keeps the log within its bounds, in the same transaction. */
    private final class MessageLogCommits implements GroupCommit.Hooks {
        @Override
        public void flush() throws SQLException {
            if (insertsSinceTrim >= TRIM_EVERY) {
                insertsSinceTrim = 0;
                long lastDropped = query("SELECT COALESCE(MAX(seq), 0) - ? FROM message", rs -> rs.getLong(1),
                        messageLogSize).get(0);
                deleteMessagesUpTo(lastDropped);
            }
            trimToBytes();
        }

        @Override
        public void rolledBack() {
            loggedBytes = query("SELECT COALESCE(SUM(" + ENTRY_BYTES + "), 0) FROM message", rs -> rs.getLong(1)).get(0);
        }
    }

    private static long entryBytes(String topic, byte[] payload) {
        return payload.length + (long) topic.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Drops the oldest messages until the log holds at most 7/8 of its byte bound: the slack spares a trim on every
     * insert once the log is full.
     */
    private void trimToBytes() {
        if (loggedBytes <= messageLogBytes) {
            return;
        }
        long target = messageLogBytes - messageLogBytes / 8;
        long excess = loggedBytes - target;
        long lastDropped = 0;
        long freed = 0;
        try (PreparedStatement oldest = db.prepareStatement("SELECT seq, " + ENTRY_BYTES + " FROM message ORDER BY seq");
             ResultSet rs = oldest.executeQuery()) {
            while (freed < excess && rs.next()) {
                lastDropped = rs.getLong(1);
                freed += rs.getLong(2);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot trim the message log: " + e.getMessage(), e);
        }
        deleteMessagesUpTo(lastDropped);
    }

    private void deleteMessagesUpTo(long seq) {
        long freed = query("SELECT COALESCE(SUM(" + ENTRY_BYTES + "), 0) FROM message WHERE seq <= ?",
                rs -> rs.getLong(1), seq).get(0);
        update("DELETE FROM message WHERE seq <= ?", seq);
        loggedBytes -= freed;
    }

    /**
     * The newest {@code limit} messages (of one device, or all when null), oldest first; messages appended before
     * this call, queued ones included, are committed first. Not to be called under this store's lock.
     */
    public List<MessageRecord> messages(DeviceId device, int limit) {
        // a commit failure is the appender's to report; the read shows what the log holds
        messageLog.submit(() -> { }).handle((committed, failure) -> null).join();
        return committedMessages(device, limit);
    }

    private synchronized List<MessageRecord> committedMessages(DeviceId device, int limit) {
        int bounded = Math.min(limit, messageLogSize);
        String newestFirst = device == null
                ? "SELECT seq, time, product_key, device_name, topic, payload, qos FROM message"
                  + " WHERE seq > (SELECT COALESCE(MAX(seq),0) FROM message) - ? ORDER BY seq DESC LIMIT ?"
                : "SELECT seq, time, product_key, device_name, topic, payload, qos FROM message"
                  + " WHERE seq > (SELECT COALESCE(MAX(seq),0) FROM message) - ? AND product_key=? AND device_name=?"
                  + " ORDER BY seq DESC LIMIT ?";
        Object[] args = device == null ? new Object[] {messageLogSize, bounded}
                : new Object[] {messageLogSize, device.productKey(), device.deviceName(), bounded};
        List<MessageRecord> rows = query(newestFirst, rs -> new MessageRecord(rs.getLong(1), rs.getLong(2),
                rs.getString(3) == null ? null : DeviceId.of(rs.getString(3), rs.getString(4)), rs.getString(5),
                rs.getBytes(6), rs.getInt(7)), args);
        List<MessageRecord> oldestFirst = new ArrayList<>(rows);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** Commits the writes still queued, then closes the database. */
    @Override
    public void close() {
        messageLog.close();
        properties.closeWrites();
        closeDatabase();
    }

    private synchronized void closeDatabase() {
        try {
            insertMessage.close();
            properties.close();
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the emulator database: " + e.getMessage(), e);
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------------

    private <T> List<T> query(String sql, Sql.Row<T> row, Object... args) {
        return Sql.query(db, sql, row, args);
    }

    private void update(String sql, Object... args) {
        Sql.update(db, sql, args);
    }

    /** A failure of the emulator's own database. */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
