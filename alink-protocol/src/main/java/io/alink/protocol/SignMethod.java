package io.alink.protocol;

import java.util.Locale;
import java.util.Optional;

/** The HMAC methods the platform accepts for every signature. Names are matched in any letter case. */
public enum SignMethod {
    HMAC_MD5("hmacmd5", "HmacMD5"),
    HMAC_SHA1("hmacsha1", "HmacSHA1"),
    HMAC_SHA256("hmacsha256", "HmacSHA256");

    private final String wireName;
    private final String jcaName;

    SignMethod(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    /** The lower-case name used on the wire ({@code hmacsha256}). */
    public String wireName() {
        return wireName;
    }

    String jcaName() {
        return jcaName;
    }

    /** {@code hmacSha1}, {@code HmacMD5}, {@code hmacsha256} ... in any case; empty when not one of the three. */
    public static Optional<SignMethod> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (SignMethod m : values()) {
            if (m.wireName.equals(lower)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
