package io.alink.emulator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What {@link PropertyStore}'s tables need besides its writes: bringing older data folders over, and the trim. */
final class PropertyTables {

    private PropertyTables() {
    }

    /**
     * Moves the values of a data folder written by an older emulator, a row per value ({@code property_value},
     * {@code property_latest}), into the tables of today, in one transaction, and drops the old tables.
     */
    static void migrate(Connection db) throws SQLException {
        boolean old;
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type='table'"
                     + " AND name IN ('property_value', 'property_latest')")) {
            old = rs.getInt(1) == 2;
        }
        if (!old) {
            return;
        }
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO property_record (product_key, device_name, value_count, vals)"
                    + " SELECT product_key, device_name, 1, json_array(json_array(identifier, json(value), time))"
                    + " FROM property_value ORDER BY seq");
            s.execute("INSERT INTO property_latest_of_device (product_key, device_name, vals)"
                    + " SELECT product_key, device_name, json_group_object(identifier, json_array(json(value), time))"
                    + " FROM property_latest GROUP BY product_key, device_name");
            s.execute("DROP TABLE property_value");
            s.execute("DROP TABLE property_latest");
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Drops the oldest rows of {@code property_record} holding at least {@code excess} values; returns how many. */
    static long dropOldest(Connection db, long excess) throws SQLException {
        long lastDropped = 0;
        long dropped = 0;
        try (PreparedStatement oldest = db.prepareStatement("SELECT seq, value_count FROM property_record ORDER BY seq");
             ResultSet rs = oldest.executeQuery()) {
            while (dropped < excess && rs.next()) {
                lastDropped = rs.getLong(1);
                dropped += rs.getLong(2);
            }
        }
        try (PreparedStatement drop = db.prepareStatement("DELETE FROM property_record WHERE seq <= ?")) {
            drop.setLong(1, lastDropped);
            drop.executeUpdate();
        }
        return dropped;
    }
}
