package io.alink.protocol.ota;

import io.alink.protocol.AlinkFormatException;
import java.util.Locale;

/** How the platform signs a firmware file in an upgrade notice: the file's digest, as lower-case hex. */
public enum OtaSignMethod {
    /** {@code "Md5"} on the wire. */
    MD5("Md5", "MD5", 32),
    /** {@code "SHA256"} on the wire. */
    SHA256("SHA256", "SHA-256", 64);

    private final String wireName;
    private final String digestAlgorithm;
    private final int hexLength;

    OtaSignMethod(String wireName, String digestAlgorithm, int hexLength) {
        this.wireName = wireName;
        this.digestAlgorithm = digestAlgorithm;
        this.hexLength = hexLength;
    }

    /**
     * The name the platform writes.
     *
     * @return {@code Md5} or {@code SHA256}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The JCA name for {@link java.security.MessageDigest#getInstance(String)}.
     *
     * @return {@code MD5} or {@code SHA-256}
     */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /**
     * How many hex digits a sign of this method has.
     *
     * @return 32 for MD5, 64 for SHA-256
     */
    public int hexLength() {
        return hexLength;
    }

    /**
     * Reads a sign method in any letter case ({@code Md5}, {@code md5}, {@code SHA256}, {@code sha256}).
     *
     * @param name the name as sent
     * @return the method
     * @throws AlinkFormatException for any other name, or none
     */
    public static OtaSignMethod parse(String name) {
        if (name != null) {
            for (OtaSignMethod method : values()) {
                if (method.wireName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return method;
                }
            }
        }
        throw new AlinkFormatException("signMethod must be Md5 or SHA256");
    }
}
