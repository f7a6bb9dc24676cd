package io.alink.emulator.store;

import io.alink.protocol.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code property_latest} writes of one transaction, coalesced per device and property: of the values one
 * transaction takes, only what the last of them leaves is written, one upsert per property instead of one per value.
 * A live value replaces what is held; a history value only when it is newer, and while this transaction cannot know
 * the time held in the table, that condition goes into its upsert. Only the values writer's thread touches it.
 */
final class LatestValues {

    private record Key(DeviceId device, String identifier) {
    }

    /** What the transaction leaves so far; {@code ifNewer}: only if newer than the table's, as history asks. */
    private record Pending(String json, long time, boolean ifNewer) {
    }

    private final Map<Key, Pending> pending = new HashMap<>();
    private final PreparedStatement set;
    private final PreparedStatement setIfNewer;

    LatestValues(Connection db) throws SQLException {
        String upsert = "INSERT INTO property_latest (product_key, device_name, identifier, value, time)"
                + " VALUES (?,?,?,?,?) ON CONFLICT(product_key, device_name, identifier) DO UPDATE SET"
                + " value=excluded.value, time=excluded.time";
        set = db.prepareStatement(upsert);
        setIfNewer = db.prepareStatement(upsert + " WHERE excluded.time > property_latest.time");
    }

    /** A value of the transaction, in the order the values came. */
    void add(DeviceId device, String identifier, String json, long time, boolean history) {
        Key key = new Key(device, identifier);
        if (!history) {
            pending.put(key, new Pending(json, time, false));
            return;
        }
        Pending held = pending.get(key);
        if (held == null) {
            pending.put(key, new Pending(json, time, true));
        } else if (time > held.time()) {
            // newer than what this transaction holds: it wins wherever that one would, and is as conditional
            pending.put(key, new Pending(json, time, held.ifNewer()));
        }
    }

    /** Writes what the transaction leaves, inside it. */
    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        boolean conditional = false;
        boolean plain = false;
        for (Map.Entry<Key, Pending> entry : pending.entrySet()) {
            Pending value = entry.getValue();
            PreparedStatement statement = value.ifNewer() ? setIfNewer : set;
            statement.setString(1, entry.getKey().device().productKey());
            statement.setString(2, entry.getKey().device().deviceName());
            statement.setString(3, entry.getKey().identifier());
            statement.setString(4, value.json());
            statement.setLong(5, value.time());
            statement.addBatch();
            conditional |= value.ifNewer();
            plain |= !value.ifNewer();
        }
        pending.clear();
        if (plain) {
            set.executeBatch();
        }
        if (conditional) {
            setIfNewer.executeBatch();
        }
    }

    /** Forgets the transaction's values: it was rolled back. */
    void rolledBack() throws SQLException {
        pending.clear();
        set.clearBatch();
        setIfNewer.clearBatch();
    }

    void close() throws SQLException {
        set.close();
        setIfNewer.close();
    }
}
