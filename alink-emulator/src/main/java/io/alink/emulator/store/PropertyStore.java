package io.alink.emulator.store;

import io.alink.emulator.store.PlatformStore.StoreException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TimedValue;
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
import java.util.concurrent.atomic.AtomicInteger;
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
    /**
     * Values queued and not yet committed beyond which a message's PUBACK waits for the writer: half a second of its
     * work or so, and what bounds the memory queued values take when devices send faster than it commits.
     */
    static final int MAX_QUEUED_VALUES = 100_000;

    /** One value of one property of one device, as reported; {@code history} for a history/post. */
    public record Reported(DeviceId device, String identifier, TimedValue value, boolean history) {
    }

    private record Row(String identifier, TimedValue value) {
    }

    private final Connection db;
    private final Object lock;
    private final GroupCommit writer;
    private final PreparedStatement insertValue;
    private final LatestValues latest;
    private int insertsSinceTrim;
    /** Values committed since the start; the table's own count is bounded by the trim. */
    private final AtomicLong recorded = new AtomicLong();
    /** Values queued and not yet committed (or failed). */
    private final AtomicInteger queued = new AtomicInteger();

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
        insertValue = db.prepareStatement("INSERT INTO property_value (product_key, device_name, identifier, value,"
                + " time) VALUES (?,?,?,?,?)");
        latest = new LatestValues(db);
        // on a thread of its own: a message's values are written while HiveMQ's extension thread takes the next
        // messages, and many messages share a transaction
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
        queued.addAndGet(values.size());
        // the values' text is made on the caller's thread: the writer's is the one every message waits for
        String[] texts = new String[values.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = ValueText.of(values.get(i).value().value());
        }
        return writer.submit(() -> {
            for (int i = 0; i < texts.length; i++) {
                Reported reported = values.get(i);
                long time = reported.value().time();
                insertValue.setString(1, reported.device().productKey());
                insertValue.setString(2, reported.device().deviceName());
                insertValue.setString(3, reported.identifier());
                insertValue.setString(4, texts[i]);
                insertValue.setLong(5, time);
                insertValue.addBatch();
                latest.add(reported.device(), reported.identifier(), texts[i], time, reported.history());
            }
            insertsSinceTrim += values.size();
        }).whenComplete((committed, failure) -> {
            queued.addAndGet(-values.size());
            if (failure == null) {
                recorded.addAndGet(values.size());
            }
        });
    }

    /**
     * Completes at once while the writer keeps up; when more than {@link #MAX_QUEUED_VALUES} values wait, once those
     * queued before this call are committed. A message's PUBACK waits for it, so a client cannot outrun the writer
     * by more than that.
     */
    public CompletableFuture<Void> backPressure() {
        return queued.get() <= MAX_QUEUED_VALUES ? CompletableFuture.completedFuture(null) : settled();
    }

    /** The property values' end of a group commit: runs the statement batches and keeps the table bounded. */
    private final class ValueCommits implements GroupCommit.Hooks {
        @Override
        public void flush() throws SQLException {
            insertValue.executeBatch();
            latest.flush();
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
            try {
                insertValue.clearBatch();
                latest.rolledBack();
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

    /** The device's latest value of each property, by identifier, what was queued before this call included. */
    public Map<String, TimedValue> latest(DeviceId device) {
        Map<String, TimedValue> latest = new LinkedHashMap<>();
        for (Row row : query("SELECT identifier, value, time FROM property_latest WHERE product_key=? AND"
                + " device_name=? ORDER BY identifier", device.productKey(), device.deviceName())) {
            latest.put(row.identifier(), row.value());
        }
        return latest;
    }

    /** Every value of one property of the device that is still kept, in time order, queued ones included. */
    public List<TimedValue> values(DeviceId device, String identifier) {
        return query("SELECT identifier, value, time FROM property_value WHERE product_key=? AND device_name=? AND"
                + " identifier=? ORDER BY time, seq", device.productKey(), device.deviceName(), identifier)
                .stream().map(Row::value).toList();
    }

    /**
     * The rows of a query selecting identifier, value and time, once what was queued before is committed: a PUBACK
     * does not wait for a message's values, and a read after it must see them.
     */
    private List<Row> query(String sql, String... args) {
        // a failed write left nothing to wait for: the read answers what is committed
        settled().exceptionally(failure -> null).join();
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

    void close() throws SQLException {
        insertValue.close();
        latest.close();
    }
}
