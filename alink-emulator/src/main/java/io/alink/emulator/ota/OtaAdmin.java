package io.alink.emulator.ota;

import java.util.List;
import java.util.Optional;

/**
 * The console's firmware upgrades: packages and jobs. Refusals are {@link io.alink.emulator.AdminException}s
 * carrying the HTTP status to answer with.
 */
public interface OtaAdmin {

    /** The largest package the emulator takes. */
    int MAX_FIRMWARE_BYTES = 64 << 20;

    /**
     * Stores a package for a product's devices. 404 for an unknown product, 400 for an empty file or a bad version
     * or module name, 413 beyond {@link #MAX_FIRMWARE_BYTES}.
     */
    FirmwarePackage uploadFirmware(String productKey, String version, String module, byte[] file);

    List<FirmwarePackage> firmware();

    /**
     * Creates a job and pushes its notice to every target that is online; the others get it when they come online or
     * ask. 404 for an unknown package, 400 for a device not of the package's product (or unknown). Nothing is
     * created when it is refused; a job whose source versions match no device is created with no targets.
     */
    OtaJob createJob(OtaJobRequest request);

    Optional<OtaJob> job(long id);

    List<OtaJob> jobs();
}
