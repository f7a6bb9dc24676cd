package io.alink.emulator.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each device's latest value of each property, one row a device in {@code property_latest_of_device}
 * ({@code {identifier: [value, time]}}): a message's 200 values of a device cost one upsert, not 200, and of the
 * messages one transaction takes, a device is written once. A live value replaces what is held; a history value only
 * when it is newer. The devices written last are held in memory too, so that a write needs no read. Only the values
 * writer's thread touches it, inside its transactions.
 */
final class LatestValues {

    /** Devices whose latest values are held in memory, the least recently written dropped first. */
    private static final int CACHED_DEVICES = 1_000;

    /** A value's JSON text and its time. */
    record Latest(String json, long time) {
    }

    private final Map<DeviceId, Map<String, Latest>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DeviceId, Map<String, Latest>> eldest) {
            return size() > CACHED_DEVICES;
        }
    };
    /** The devices the transaction under way wrote, with what it leaves them. */
    private final Map<DeviceId, Map<String, Latest>> written = new LinkedHashMap<>();
    private final PreparedStatement read;
    private final PreparedStatement write;

    LatestValues(Connection db) throws SQLException {
        read = db.prepareStatement("SELECT vals FROM property_latest_of_device WHERE product_key=? AND device_name=?");
        write = db.prepareStatement("INSERT INTO property_latest_of_device (product_key, device_name, vals)"
                + " VALUES (?,?,?) ON CONFLICT(product_key, device_name) DO UPDATE SET vals=excluded.vals");
    }

    /** The table, created when missing. */
    static String schema() {
        return "CREATE TABLE IF NOT EXISTS property_latest_of_device (product_key TEXT NOT NULL,"
                + " device_name TEXT NOT NULL, vals TEXT NOT NULL, PRIMARY KEY (product_key, device_name))"
                + " WITHOUT ROWID";
    }

    /** A value of the transaction, in the order the values came. */
    void add(DeviceId device, String identifier, String json, long time, boolean history) throws SQLException {
        Map<String, Latest> values = written.get(device);
        if (values == null) {
            // out of the cache while the transaction owns it: a rollback leaves no uncommitted value there
            Map<String, Latest> cached = cache.remove(device);
            values = cached != null ? cached : held(device);
            written.put(device, values);
        }
        Latest held = values.get(identifier);
        if (!history || held == null || time > held.time()) {
            values.put(identifier, new Latest(json, time));
        }
    }

    /** Writes what the transaction leaves, inside it. */
    void flush() throws SQLException {
        if (written.isEmpty()) {
            return;
        }
        for (Map.Entry<DeviceId, Map<String, Latest>> device : written.entrySet()) {
            write.setString(1, device.getKey().productKey());
            write.setString(2, device.getKey().deviceName());
            write.setString(3, text(device.getValue()));
            write.addBatch();
        }
        write.executeBatch();
        cache.putAll(written);
        written.clear();
    }

    /** Forgets the transaction's values, and what the cache took of them before the commit failed. */
    void rolledBack() throws SQLException {
        written.clear();
        cache.clear();
        write.clearBatch();
    }

    /** The latest values of a device as the table holds them, by identifier. */
    static Map<String, Latest> parse(String vals) {
        JsonNode object = AlinkJson.parse(vals);
        Map<String, Latest> values = new HashMap<>(object.size() * 4 / 3 + 1);
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), new Latest(ValueText.of(field.getValue().get(0)),
                    field.getValue().get(1).longValue()));
        }
        return values;
    }

    private Map<String, Latest> held(DeviceId device) throws SQLException {
        read.setString(1, device.productKey());
        read.setString(2, device.deviceName());
        try (ResultSet rs = read.executeQuery()) {
            return rs.next() ? parse(rs.getString(1)) : new HashMap<>();
        }
    }

    private static String text(Map<String, Latest> values) {
        StringBuilder text = new StringBuilder(values.size() * 48 + 2).append('{');
        for (Map.Entry<String, Latest> value : values.entrySet()) {
            if (text.length() > 1) {
                text.append(',');
            }
            ValueText.quote(text, value.getKey()).append(":[").append(value.getValue().json()).append(',')
                    .append(value.getValue().time()).append(']');
        }
        return text.append('}').toString();
    }

    void close() throws SQLException {
        read.close();
        write.close();
    }
}
