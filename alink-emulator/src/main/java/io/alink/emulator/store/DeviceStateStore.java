package io.alink.emulator.store;

import io.alink.emulator.store.PlatformStore.StoreException;
import io.alink.protocol.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the cloud keeps about a device beyond its properties: its tags, the desired property values, its shadow
 * document, and each product's remote configuration file. Shares {@link PlatformStore}'s connection and lock; every
 * change is one transaction, so a refused request changes nothing.
 */
public final class DeviceStateStore {

    /** A stored desired value: its JSON text and version. */
    public record Desired(String json, long version) {
    }

    /** A stored shadow: state and metadata as JSON text, and its version. */
    public record Shadow(String state, String metadata, long version) {
    }

    /** A product's configuration file. */
    public record ConfigRecord(String productKey, String configId, byte[] content, String sign) {
    }

    /** One change, run inside a transaction. */
    @FunctionalInterface
    public interface Change {
        void run(Connection db) throws SQLException;
    }

    private final Connection db;
    private final Object lock;

    DeviceStateStore(Connection db, Object lock) throws SQLException {
        this.db = db;
        this.lock = lock;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS device_tag (product_key TEXT NOT NULL, device_name TEXT NOT NULL,"
                    + " attr_key TEXT NOT NULL, attr_value TEXT NOT NULL, PRIMARY KEY (product_key, device_name, attr_key))");
            s.execute("CREATE TABLE IF NOT EXISTS desired_value (product_key TEXT NOT NULL, device_name TEXT NOT NULL,"
                    + " identifier TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " PRIMARY KEY (product_key, device_name, identifier))");
            s.execute("CREATE TABLE IF NOT EXISTS shadow (product_key TEXT NOT NULL, device_name TEXT NOT NULL,"
                    + " state TEXT NOT NULL, metadata TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " PRIMARY KEY (product_key, device_name))");
            s.execute("CREATE TABLE IF NOT EXISTS product_config (product_key TEXT PRIMARY KEY, config_id TEXT NOT NULL,"
                    + " content BLOB NOT NULL, sign TEXT NOT NULL)");
        }
    }

    // ---- tags -------------------------------------------------------------------------------------------------

    /** The device's tags, by key, in key order. */
    public Map<String, String> tags(DeviceId device) {
        Map<String, String> tags = new LinkedHashMap<>();
        read("SELECT attr_key, attr_value FROM device_tag WHERE product_key=? AND device_name=? ORDER BY attr_key",
                rs -> tags.put(rs.getString(1), rs.getString(2)), device.productKey(), device.deviceName());
        return tags;
    }

    /** Sets tags (adding or replacing) and deletes others, in one transaction. */
    public void changeTags(DeviceId device, Map<String, String> set, List<String> deleted) {
        transaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO device_tag VALUES (?,?,?,?)"
                    + " ON CONFLICT(product_key, device_name, attr_key) DO UPDATE SET attr_value=excluded.attr_value");
                 PreparedStatement delete = c.prepareStatement(
                         "DELETE FROM device_tag WHERE product_key=? AND device_name=? AND attr_key=?")) {
                for (Map.Entry<String, String> tag : set.entrySet()) {
                    bind(upsert, device.productKey(), device.deviceName(), tag.getKey(), tag.getValue());
                    upsert.executeUpdate();
                }
                for (String key : deleted) {
                    bind(delete, device.productKey(), device.deviceName(), key);
                    delete.executeUpdate();
                }
            }
        });
    }

    // ---- desired values ---------------------------------------------------------------------------------------

    public Map<String, Desired> desired(DeviceId device) {
        Map<String, Desired> values = new LinkedHashMap<>();
        read("SELECT identifier, value, version FROM desired_value WHERE product_key=? AND device_name=?"
                        + " ORDER BY identifier", rs -> values.put(rs.getString(1), new Desired(rs.getString(2),
                rs.getLong(3))), device.productKey(), device.deviceName());
        return values;
    }

    /** Stores each value with its version (the caller counts them), and deletes others, in one transaction. */
    public void changeDesired(DeviceId device, Map<String, Desired> set, List<String> deleted) {
        transaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO desired_value VALUES (?,?,?,?,?)"
                    + " ON CONFLICT(product_key, device_name, identifier) DO UPDATE SET value=excluded.value,"
                    + " version=excluded.version");
                 PreparedStatement delete = c.prepareStatement(
                         "DELETE FROM desired_value WHERE product_key=? AND device_name=? AND identifier=?")) {
                for (Map.Entry<String, Desired> value : set.entrySet()) {
                    bind(upsert, device.productKey(), device.deviceName(), value.getKey(), value.getValue().json(),
                            value.getValue().version());
                    upsert.executeUpdate();
                }
                for (String identifier : deleted) {
                    bind(delete, device.productKey(), device.deviceName(), identifier);
                    delete.executeUpdate();
                }
            }
        });
    }

    // ---- shadow -----------------------------------------------------------------------------------------------

    public Optional<Shadow> shadow(DeviceId device) {
        List<Shadow> found = new ArrayList<>();
        read("SELECT state, metadata, version FROM shadow WHERE product_key=? AND device_name=?",
                rs -> found.add(new Shadow(rs.getString(1), rs.getString(2), rs.getLong(3))),
                device.productKey(), device.deviceName());
        return found.stream().findFirst();
    }

    public void saveShadow(DeviceId device, Shadow shadow) {
        transaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO shadow VALUES (?,?,?,?,?)"
                    + " ON CONFLICT(product_key, device_name) DO UPDATE SET state=excluded.state,"
                    + " metadata=excluded.metadata, version=excluded.version")) {
                bind(upsert, device.productKey(), device.deviceName(), shadow.state(), shadow.metadata(),
                        shadow.version());
                upsert.executeUpdate();
            }
        });
    }

    // ---- remote configuration ---------------------------------------------------------------------------------

    public Optional<ConfigRecord> config(String productKey) {
        List<ConfigRecord> found = new ArrayList<>();
        read("SELECT product_key, config_id, content, sign FROM product_config WHERE product_key=?",
                rs -> found.add(new ConfigRecord(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4))),
                productKey);
        return found.stream().findFirst();
    }

    /** Replaces the product's configuration file. */
    public void saveConfig(ConfigRecord config) {
        transaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO product_config VALUES (?,?,?,?)"
                    + " ON CONFLICT(product_key) DO UPDATE SET config_id=excluded.config_id,"
                    + " content=excluded.content, sign=excluded.sign")) {
                bind(upsert, config.productKey(), config.configId(), config.content(), config.sign());
                upsert.executeUpdate();
            }
        });
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void read(String sql, RowReader reader, Object... args) {
        synchronized (lock) {
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("device state query failed: " + e.getMessage(), e);
            }
        }
    }

    private void transaction(Change change) {
        synchronized (lock) {
            try {
                db.setAutoCommit(false);
                try {
                    change.run(db);
                    db.commit();
                } catch (SQLException | RuntimeException e) {
                    db.rollback();
                    throw e;
                } finally {
                    db.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new StoreException("device state update failed: " + e.getMessage(), e);
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
