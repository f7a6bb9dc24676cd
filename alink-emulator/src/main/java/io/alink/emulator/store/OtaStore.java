package io.alink.emulator.store;

import io.alink.emulator.ota.FirmwarePackage;
import io.alink.emulator.ota.OtaTarget;
import io.alink.emulator.ota.OtaTargetState;
import io.alink.emulator.store.PlatformStore.StoreException;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Firmware upgrades in the emulator's database: packages (their files beside the database in the data folder, as
 * {@code firmware-<id>.bin}, owner-only like it), jobs with the state of each of their devices, and the version each device
 * informed per module. Shares {@link PlatformStore}'s connection and lock; OTA traffic is rare, so it writes at once.
 */
public final class OtaStore {

    /** A job as stored; its package and targets are read separately. */
    public record StoredJob(long id, long firmwareId, String signMethod, long created) {
    }

    private final Connection db;
    private final Object lock;
    private final Path dataDir;

    /** @param dataDir the owner-only data folder ({@link OwnerOnlyFiles#folder}) */
    OtaStore(Connection db, Object lock, Path dataDir) throws SQLException {
        this.db = db;
        this.lock = lock;
        this.dataDir = dataDir;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ota_firmware (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " product_key TEXT NOT NULL, version TEXT NOT NULL, module TEXT NOT NULL, size INTEGER NOT NULL,"
                    + " md5 TEXT NOT NULL, sha256 TEXT NOT NULL, created INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS ota_job (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " firmware_id INTEGER NOT NULL, sign_method TEXT NOT NULL, created INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS ota_target (job_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
                    + " product_key TEXT NOT NULL, device_name TEXT NOT NULL, state TEXT NOT NULL, step INTEGER,"
                    + " description TEXT, reported_version TEXT, PRIMARY KEY (job_id, product_key, device_name))");
            s.execute("CREATE TABLE IF NOT EXISTS ota_version (product_key TEXT NOT NULL, device_name TEXT NOT NULL,"
                    + " module TEXT NOT NULL, version TEXT NOT NULL, PRIMARY KEY (product_key, device_name, module))");
        }
    }

    // ---- packages ---------------------------------------------------------------------------------------------------

    /** Writes the file, then its row: a crash between leaves an orphan file, never a package without its file. */
    public FirmwarePackage addFirmware(String productKey, String version, String module, byte[] file) {
        String md5 = hex("MD5", file);
        String sha256 = hex("SHA-256", file);
        synchronized (lock) {
            try {
                // a temporary file is created owner-only (0600), as the data folder's files must be
                Path written = Files.createTempFile(dataDir, "firmware-upload-", ".part");
                Files.write(written, file);
                long id = insert("INSERT INTO ota_firmware (product_key, version, module, size, md5, sha256, created)"
                        + " VALUES (?,?,?,?,?,?,?)", productKey, version, module, file.length, md5, sha256,
                        System.currentTimeMillis());
                Files.move(written, firmwareFile(id), StandardCopyOption.REPLACE_EXISTING);
                return new FirmwarePackage(id, productKey, version, module, file.length, md5, sha256);
            } catch (IOException e) {
                throw new StoreException("cannot store the firmware file: " + e.getMessage(), e);
            }
        }
    }

    /** Where a package's file lies. */
    public Path firmwareFile(long id) {
        return dataDir.resolve("firmware-" + id + ".bin");
    }

    public List<FirmwarePackage> firmware() {
        return queryFirmware("SELECT id, product_key, version, module, size, md5, sha256 FROM ota_firmware ORDER BY id");
    }

    public Optional<FirmwarePackage> firmware(long id) {
        return queryFirmware("SELECT id, product_key, version, module, size, md5, sha256 FROM ota_firmware"
                + " WHERE id=?", id).stream().findFirst();
    }

    private List<FirmwarePackage> queryFirmware(String sql, Object... args) {
        return query(sql, rs -> new FirmwarePackage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6), rs.getString(7)), args);
    }

    // ---- jobs -------------------------------------------------------------------------------------------------------

    /** The job and all its targets (QUEUED), in one transaction. */
    public StoredJob addJob(long firmwareId, String signMethod, List<DeviceId> targets) {
        long created = System.currentTimeMillis();
        synchronized (lock) {
            try {
                db.setAutoCommit(false);
                long id = insert("INSERT INTO ota_job (firmware_id, sign_method, created) VALUES (?,?,?)",
                        firmwareId, signMethod, created);
                for (int i = 0; i < targets.size(); i++) {
                    insert("INSERT INTO ota_target (job_id, seq, product_key, device_name, state) VALUES (?,?,?,?,?)",
                            id, i, targets.get(i).productKey(), targets.get(i).deviceName(),
                            OtaTargetState.QUEUED.name());
                }
                db.commit();
                return new StoredJob(id, firmwareId, signMethod, created);
            } catch (SQLException | StoreException e) {
                rollback();
                throw e instanceof StoreException store ? store
                        : new StoreException("cannot store the job: " + e.getMessage(), e);
            } finally {
                autoCommit();
            }
        }
    }

    public List<StoredJob> jobs() {
        return queryJobs("SELECT id, firmware_id, sign_method, created FROM ota_job ORDER BY id");
    }

    public Optional<StoredJob> job(long id) {
        return queryJobs("SELECT id, firmware_id, sign_method, created FROM ota_job WHERE id=?", id).stream()
                .findFirst();
    }

    /** The jobs that still wait for {@code device}, newest first. */
    public List<StoredJob> openJobs(DeviceId device) {
        return queryJobs("SELECT j.id, j.firmware_id, j.sign_method, j.created FROM ota_job j JOIN ota_target t"
                + " ON t.job_id = j.id WHERE t.product_key=? AND t.device_name=? AND t.state NOT IN (?,?)"
                + " ORDER BY j.id DESC", device.productKey(), device.deviceName(), OtaTargetState.SUCCEEDED.name(),
                OtaTargetState.FAILED.name());
    }

    private List<StoredJob> queryJobs(String sql, Object... args) {
        return query(sql, rs -> new StoredJob(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)), args);
    }

    public List<OtaTarget> targets(long jobId) {
        return queryTargets("WHERE job_id=? ORDER BY seq", jobId);
    }

    public Optional<OtaTarget> target(long jobId, DeviceId device) {
        return queryTargets("WHERE job_id=? AND product_key=? AND device_name=?", jobId, device.productKey(),
                device.deviceName()).stream().findFirst();
    }

    private List<OtaTarget> queryTargets(String where, Object... args) {
        return query("SELECT product_key, device_name, state, step, description, reported_version FROM ota_target "
                + where, rs -> new OtaTarget(DeviceId.of(rs.getString(1), rs.getString(2)),
                OtaTargetState.valueOf(rs.getString(3)), (Integer) rs.getObject(4), rs.getString(5), rs.getString(6)),
                args);
    }

    public void saveTarget(long jobId, OtaTarget target) {
        update("UPDATE ota_target SET state=?, step=?, description=?, reported_version=? WHERE job_id=?"
                + " AND product_key=? AND device_name=?", target.state().name(), target.step(), target.desc(),
                target.reportedVersion(), jobId, target.device().productKey(), target.device().deviceName());
    }

    // ---- versions ---------------------------------------------------------------------------------------------------

    public void saveVersion(DeviceId device, String module, String version) {
        update("INSERT INTO ota_version (product_key, device_name, module, version) VALUES (?,?,?,?)"
                + " ON CONFLICT(product_key, device_name, module) DO UPDATE SET version=excluded.version",
                device.productKey(), device.deviceName(), module, version);
    }

    public Optional<String> version(DeviceId device, String module) {
        return query("SELECT version FROM ota_version WHERE product_key=? AND device_name=? AND module=?",
                rs -> rs.getString(1), device.productKey(), device.deviceName(), module).stream().findFirst();
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------------

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        synchronized (lock) {
            try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException("emulator database query failed: " + e.getMessage(), e);
            }
        }
    }

    private void update(String sql, Object... args) {
        synchronized (lock) {
            try (PreparedStatement ps = prepare(sql, args)) {
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("emulator database update failed: " + e.getMessage(), e);
            }
        }
    }

    /** Inserts a row and returns its rowid; the caller holds the lock. */
    private long insert(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            ps.executeUpdate();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("emulator database insert failed: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            // the failure being reported matters more
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw new StoreException("cannot end a transaction: " + e.getMessage(), e);
        }
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
