package io.alink.emulator.store;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The properties devices reported, in the emulator's database: every value per device with its time, and each
 * device's latest value of each property. Live posts (property/post, pack/post) set the latest value; a value sent
 * as history sets it only when it is newer than the one held, so back-filled data never hides a fresher reading.
 *
 * <p>A message's values of one device are one row of {@code property_record} ({@code [[identifier, value, time],
 * ...]}), and a device's latest values one row of {@code property_latest_of_device} ({@link LatestValues}): a pack of
 * 200 values costs a statement or two, not 400, which is what lets one gateway connection pass 1,000 packs a second.
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

    /** One device's values of one message: a row of {@code property_record}. */
    private record DeviceRow(DeviceId device, int count, String vals) {
    }

    private final Connection db;
    private final Object lock;
    private final GroupCommit writer;
    private final PreparedStatement insertRow;
    private final LatestValues latest;
    /** Values in {@code property_record}; only the writer's thread touches it. */
    private long kept;
    /** Values committed since the start; the table's own count is bounded by the trim. */
    private final AtomicLong recorded = new AtomicLong();
    /** Values queued and not yet committed (or failed). */
    private final AtomicInteger queued = new AtomicInteger();

    PropertyStore(Connection db, Object lock) throws SQLException {
        this.db = db;
        this.lock = lock;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS property_record (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " product_key TEXT NOT NULL, device_name TEXT NOT NULL, value_count INTEGER NOT NULL,"
                    + " vals TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS property_record_by_device ON property_record"
                    + " (product_key, device_name)");
            s.execute(LatestValues.schema());
        }
        PropertyTables.migrate(db);
        insertRow = db.prepareStatement("INSERT INTO property_record (product_key, device_name, value_count, vals)"
                + " VALUES (?,?,?,?)");
        latest = new LatestValues(db);
        kept = keptValues();
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
        // the text is made on the caller's thread: the writer's is the one every message waits for
        String[] texts = new String[values.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = ValueText.of(values.get(i).value().value());
        }
        List<DeviceRow> rows = rows(values, texts);
        return writer.submit(() -> {
            for (DeviceRow row : rows) {
                insertRow.setString(1, row.device().productKey());
                insertRow.setString(2, row.device().deviceName());
                insertRow.setInt(3, row.count());
                insertRow.setString(4, row.vals());
                insertRow.addBatch();
            }
            for (int i = 0; i < texts.length; i++) {
                Reported reported = values.get(i);
                latest.add(reported.device(), reported.identifier(), texts[i], reported.value().time(),
                        reported.history());
            }
            kept += values.size();
        }).whenComplete((committed, failure) -> {
            queued.addAndGet(-values.size());
            if (failure == null) {
                recorded.addAndGet(values.size());
            }
        });
    }

    /** The message's values, a row per device, each device's values in the order they came. */
    private static List<DeviceRow> rows(List<Reported> values, String[] texts) {
        Map<DeviceId, RowText> byDevice = new LinkedHashMap<>();
        RowText row = null;
        for (int i = 0; i < texts.length; i++) {
            Reported reported = values.get(i);
            // a device's values mostly come together: the map is asked only when the device changes
            if (row == null || !row.device.equals(reported.device())) {
                row = byDevice.computeIfAbsent(reported.device(), RowText::new);
            }
            row.add(reported.identifier(), texts[i], reported.value().time());
        }
        List<DeviceRow> rows = new ArrayList<>(byDevice.size());
        byDevice.values().forEach(text -> rows.add(text.row()));
        return rows;
    }

    /** A {@code property_record} row being written: {@code [[identifier, value, time], ...]}. */
    private static final class RowText {
        private final DeviceId device;
        private final StringBuilder vals = new StringBuilder(4096).append('[');
        private int count;

        RowText(DeviceId device) {
            this.device = device;
        }

        void add(String identifier, String json, long time) {
            vals.append(count++ == 0 ? "[" : ",[");
            ValueText.quote(vals, identifier).append(',').append(json).append(',').append(time).append(']');
        }

        DeviceRow row() {
            return new DeviceRow(device, count, vals.append(']').toString());
        }
    }

    /**
     * Completes at once while the writer keeps up; when more than {@link #MAX_QUEUED_VALUES} values wait, once those
     * queued before this call are committed. A message's PUBACK waits for it, so a client cannot outrun the writer
     * by more than that.
     */
    public CompletableFuture<Void> backPressure() {
        // the message is in the log whether or not its values could be written: the failure is the reply's to tell
        return queued.get() <= MAX_QUEUED_VALUES ? CompletableFuture.completedFuture(null)
                : settled().exceptionally(failure -> null);
    }

    /** The property values' end of a group commit: runs the statement batches and keeps the table bounded. */
    private final class ValueCommits implements GroupCommit.Hooks {
        @Override
        public void flush() throws SQLException {
            insertRow.executeBatch();
            latest.flush();
            if (kept >= MAX_VALUES + TRIM_EVERY) {
                kept -= PropertyTables.dropOldest(db, kept - MAX_VALUES);
            }
        }

        @Override
        public void rolledBack() {
            try {
                insertRow.clearBatch();
                latest.rolledBack();
                kept = keptValues();
            } catch (SQLException e) {
                throw new StoreException("cannot clear the property statements: " + e.getMessage(), e);
            }
        }
    }

    private long keptValues() {
        return Sql.query(db, "SELECT COALESCE(SUM(value_count), 0) FROM property_record", rs -> rs.getLong(1)).get(0);
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
        Map<String, TimedValue> latest = new TreeMap<>();
        for (String vals : query("SELECT vals FROM property_latest_of_device WHERE product_key=? AND device_name=?",
                device)) {
            LatestValues.parse(vals).forEach((identifier, value) -> latest.put(identifier,
                    new TimedValue(AlinkJson.parse(value.json()), value.time())));
        }
        return new LinkedHashMap<>(latest);
    }

    /** Every value of one property of the device that is still kept, in time order, queued ones included. */
    public List<TimedValue> values(DeviceId device, String identifier) {
        List<TimedValue> values = new ArrayList<>();
        for (String vals : query("SELECT vals FROM property_record WHERE product_key=? AND device_name=? ORDER BY seq",
                device)) {
            for (JsonNode value : AlinkJson.parse(vals)) {
                if (identifier.equals(value.get(0).textValue())) {
                    values.add(new TimedValue(value.get(1), value.get(2).longValue()));
                }
            }
        }
        // stable: values of one time stay in the order they came
        values.sort(Comparator.comparingLong(TimedValue::time));
        return values;
    }

    /**
     * The {@code vals} of a query on one device, once what was queued before is committed: a PUBACK does not wait
     * for a message's values, and a read after it must see them.
     */
    private List<String> query(String sql, DeviceId device) {
        // a failed write left nothing to wait for: the read answers what is committed
        settled().exceptionally(failure -> null).join();
        synchronized (lock) {
            return Sql.query(db, sql, rs -> rs.getString(1), device.productKey(), device.deviceName());
        }
    }

    void close() throws SQLException {
        insertRow.close();
        latest.close();
    }
}
