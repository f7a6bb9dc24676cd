package io.alink.emulator.store;

import io.alink.emulator.store.PlatformStore.StoreException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TimedValue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The properties devices reported, in the emulator's database: every value per device with its time, and each
 * device's latest value of each property. Live posts (property/post, pack/post) set the latest value; a value sent
 * as history sets it only when it is newer than the one held, so back-filled data never hides a fresher reading.
 *
 * <p>Shares {@link PlatformStore}'s connection and lock. Values are committed by a writer thread of their own, a
 * message's values in one transaction with those of other messages queued at the same time, all of them or none.
 */
public final class PropertyStore {

    /** Values kept; the oldest go first. The emulator's own bound, so that a long benchmark cannot fill the disk. */
    static final int MAX_VALUES = 1_000_000;
    /** Trimming on every message would double its cost; every so many values keeps the table bounded. */
    private static final int TRIM_EVERY = 10_000;

    /** One value of one property of one device, as reported; {@code history} for a history/post. */
    public record Reported(DeviceId device, String identifier, TimedValue value, boolean history) {
    }

    private record Row(String identifier, TimedValue value) {
    }

    private final Connection db;
    private final Object lock;
    private final GroupCommit writer;
    private final PreparedStatement insertValue;
    private final PreparedStatement setLatest;
    private final PreparedStatement setLatestIfNewer;
    /** The upsert statement whose batch has rows not yet run; only the writer's thread touches it. */
    private PreparedStatement pendingUpsert;
    private int insertsSinceTrim;
    /** Values committed since the start; the table's own count is bounded by the trim. */
    private final AtomicLong recorded = new AtomicLong();

    PropertyStore(Connection db, Object lock) throws SQLException {
        this.db = db;
        this.lock = lock;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS property_value (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " product_key TEXT NOT NULL, device_name TEXT NOT NULL, identifier TEXT NOT NULL,"
                    + " value TEXT NOT NULL, time INTEGER NOT NULL)");
            // by device only: a message's values of one device land side by side at the end of the device's range
            // (a page or two per message), where an index by identifier puts each value on a page of its own
            s.execute("DROP INDEX IF EXISTS property_value_device");
            s.execute("CREATE INDEX IF NOT EXISTS property_value_by_device ON property_value"
                    + " (product_key, device_name)");
            s.execute("CREATE TABLE IF NOT EXISTS property_latest (product_key TEXT NOT NULL,"
                    + " device_name TEXT NOT NULL, identifier TEXT NOT NULL, value TEXT NOT NULL,"
                    + " time INTEGER NOT NULL, PRIMARY KEY (product_key, device_name, identifier))");
        }
        String upsert = "INSERT INTO property_latest (product_key, device_name, identifier, value, time)"
                + " VALUES (?,?,?,?,?) ON CONFLICT(product_key, device_name, identifier) DO UPDATE SET"
                + " value=excluded.value, time=excluded.time";
        insertValue = db.prepareStatement("INSERT INTO property_value (product_key, device_name, identifier, value,"
                + " time) VALUES (?,?,?,?,?)");
        setLatest = db.prepareStatement(upsert);
        setLatestIfNewer = db.prepareStatement(upsert + " WHERE excluded.time > property_latest.time");
        // on a thread of its own: a message's values are written while HiveMQ's extension thread serves other
        // clients, and many messages share a transaction
        writer = GroupCommit.onItsOwnThread("property values", db, lock, new ValueCommits());
    }

    /**
     * Queues the values of one message; the future completes once they are committed, all of them or none. Values
     * are committed in the order they were queued, so the latest of two live values is the one queued last.
     */
    public CompletableFuture<Void> record(List<Reported> values) {
        if (values.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return writer.submit(() -> {
            for (Reported reported : values) {
                String json = new String(AlinkJson.toBytes(reported.value().value()), StandardCharsets.UTF_8);
                bind(insertValue, reported, json).addBatch();
                upsert(reported.history() ? setLatestIfNewer : setLatest, reported, json);
            }
            insertsSinceTrim += values.size();
        }).thenRun(() -> recorded.addAndGet(values.size()));
    }

    /**
     * Adds a latest-value upsert to its statement's batch. Live and history upserts are two statements; switching
     * from one to the other runs the pending batch first, so that they apply in the order the values came.
     */
    private void upsert(PreparedStatement statement, Reported reported, String json) throws SQLException {
        if (pendingUpsert != null && pendingUpsert != statement) {
            pendingUpsert.executeBatch();
        }
        pendingUpsert = statement;
        bind(statement, reported, json).addBatch();
    }

    /** The property values' end of a group commit: runs the statement batches and keeps the table bounded. */
    private final class ValueCommits implements GroupCommit.Hooks {
        @Override
        public void flush() throws SQLException {
            insertValue.executeBatch();
            if (pendingUpsert != null) {
                pendingUpsert.executeBatch();
                pendingUpsert = null;
            }
            if (insertsSinceTrim >= TRIM_EVERY) {
                insertsSinceTrim = 0;
                try (PreparedStatement trim = db.prepareStatement("DELETE FROM property_value"
                        + " WHERE seq <= (SELECT COALESCE(MAX(seq), 0) FROM property_value) - ?")) {
                    trim.setInt(1, MAX_VALUES);
                    trim.executeUpdate();
                }
            }
        }

        @Override
        public void rolledBack() {
            pendingUpsert = null;
            try {
                insertValue.clearBatch();
                setLatest.clearBatch();
                setLatestIfNewer.clearBatch();
            } catch (SQLException e) {
                throw new StoreException("cannot clear the property statements: " + e.getMessage(), e);
            }
        }
    }

    /** Completes once every value queued before this call is committed (or failed). */
    CompletableFuture<Void> settled() {
        return writer.submit(() -> { });
    }

    /** Commits the values still queued; later ones fail. */
    void closeWrites() {
        writer.close();
    }

    /** How many values were recorded since the emulator started, whatever the bound on kept values trimmed. */
    public long recordedCount() {
        return recorded.get();
    }

    /** The device's latest value of each property, by identifier. */
    public Map<String, TimedValue> latest(DeviceId device) {
        Map<String, TimedValue> latest = new LinkedHashMap<>();
        for (Row row : query("SELECT identifier, value, time FROM property_latest WHERE product_key=? AND"
                + " device_name=? ORDER BY identifier", device.productKey(), device.deviceName())) {
            latest.put(row.identifier(), row.value());
        }
        return latest;
    }

    /** Every value of one property of the device that is still kept, in time order. */
    public List<TimedValue> values(DeviceId device, String identifier) {
        return query("SELECT identifier, value, time FROM property_value WHERE product_key=? AND device_name=? AND"
                + " identifier=? ORDER BY time, seq", device.productKey(), device.deviceName(), identifier)
                .stream().map(Row::value).toList();
    }

    /** The rows of a query selecting identifier, value and time. */
    private List<Row> query(String sql, String... args) {
        synchronized (lock) {
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), new TimedValue(AlinkJson.parse(rs.getString(2)),
                                rs.getLong(3))));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new StoreException("cannot read property values: " + e.getMessage(), e);
            }
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, Reported reported, String json) throws SQLException {
        ps.setString(1, reported.device().productKey());
        ps.setString(2, reported.device().deviceName());
        ps.setString(3, reported.identifier());
        ps.setString(4, json);
        ps.setLong(5, reported.value().time());
        return ps;
    }

    void close() throws SQLException {
        insertValue.close();
        setLatest.close();
        setLatestIfNewer.close();
    }
}
