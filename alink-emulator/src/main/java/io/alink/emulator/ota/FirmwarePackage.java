package io.alink.emulator.ota;

/**
 * An uploaded firmware file, as the console lists it.
 *
 * @param id         the package's id, used by jobs and download URLs
 * @param productKey the product whose devices it is for
 * @param version    the version it installs
 * @param module     the module it is for ({@link #DEFAULT_MODULE} for the device's firmware)
 * @param size       bytes
 * @param md5        lower-case hex
 * @param sha256     lower-case hex
 */
public record FirmwarePackage(long id, String productKey, String version, String module, long size, String md5,
                              String sha256) {

    /** The module of a package uploaded without one, and of a device's inform without one. */
    public static final String DEFAULT_MODULE = "default";
}
