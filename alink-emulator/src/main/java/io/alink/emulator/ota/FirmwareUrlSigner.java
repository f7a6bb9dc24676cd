package io.alink.emulator.ota;

import io.alink.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the query of a firmware download URL: {@code device=pk/dn&expires=<epoch s>&signature=<hex>},
 * the signature an HMAC-SHA256 over the package id, the device and the expiry, keyed by a secret of this emulator
 * process. A restart makes earlier URLs invalid: a device asks again ({@code firmware/get}) for a fresh one.
 */
public final class FirmwareUrlSigner {

    /** How long a URL is good for, as the platform's (UNCONFIRMED: the platform's OSS URLs last about 24 hours). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    private static final String HMAC = "HmacSHA256";
    private static final int SECRET_BYTES = 32;

    /** The query of a signed URL. */
    public record SignedQuery(String device, long expires, String signature) {
    }

    private final byte[] secret;
    private final Duration lifetime;
    private final Clock clock;

    public FirmwareUrlSigner(Duration lifetime, Clock clock) {
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("a URL lifetime must not be negative, not " + lifetime);
        }
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
    }

    /** A query for {@code device} to fetch package {@code firmwareId}, good for the lifetime from now. */
    public SignedQuery sign(long firmwareId, DeviceId device) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String name = device.toString();
        return new SignedQuery(name, expires, signature(firmwareId, name, expires));
    }

    /** Why the query does not let anyone fetch package {@code firmwareId}; empty when it does. */
    public Optional<String> problem(long firmwareId, String device, String expires, String signature) {
        if (device == null || expires == null || signature == null) {
            return Optional.of("the URL lacks device, expires or signature");
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return Optional.of("expires is not a number");
        }
        byte[] expected = signature(firmwareId, device, expiresAt).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the URL's signature does not match");
        }
        if (clock.instant().getEpochSecond() >= expiresAt) {
            return Optional.of("the URL expired; ask for the firmware again for a fresh one");
        }
        return Optional.empty();
    }

    private String signature(long firmwareId, String device, long expires) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            byte[] signed = mac.doFinal((firmwareId + "\n" + device + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is missing from this JVM", e);
        }
    }
}
