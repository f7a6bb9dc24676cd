package io.alink.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every signature of the protocol, in both directions: build one (device side) and verify one (platform side).
 *
 * <p>All of them are {@code hex(HMAC(secret, content))} where {@code content} concatenates {@code key + value} of a
 * set of fields sorted by key, without separators. They differ only in the secret and the fields. Verification
 * compares hex in any letter case, in constant time.
 */
public final class Signing {

    /** Fields a sub-device sign never covers (the sign itself, its method in both spellings, the session flag). */
    private static final Set<String> SUB_DEVICE_UNSIGNED = Set.of("sign", "signmethod", "signMethod", "cleanSession");

    private Signing() {
    }

    /**
     * One {@link Mac} per method and thread: {@code Mac.getInstance} looks the provider up and builds the digest
     * anew, a cost paid by every CONNECT the platform checks; {@code init} with the next key resets it.
     */
    private static final ThreadLocal<Map<SignMethod, Mac>> MACS = ThreadLocal.withInitial(
            () -> new EnumMap<>(SignMethod.class));

    /** Lower-case hex HMAC of {@code content} with {@code secret}. */
    public static String hmacHex(SignMethod method, String secret, String content) {
        try {
            Mac mac = MACS.get().get(method);
            if (mac == null) {
                mac = Mac.getInstance(method.jcaName());
                MACS.get().put(method, mac);
            }
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), method.jcaName()));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks " + method.jcaName(), e);
        }
    }

    /** Whether {@code hexSign} is the HMAC of {@code content}, hex compared in any case and in constant time. */
    public static boolean verify(SignMethod method, String secret, String content, String hexSign) {
        if (hexSign == null || secret == null) {
            return false;
        }
        byte[] expected = hmacHex(method, secret, content).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hexSign.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Sorted {@code key+value} concatenation of the given fields. */
    public static String sortedContent(Map<String, String> fields) {
        StringBuilder content = new StringBuilder();
        new TreeMap<>(fields).forEach((k, v) -> content.append(k).append(v));
        return content.toString();
    }

    /**
     * Content of a sub-device sign (topo/add and combine login): every submitted field except the sign, its method
     * and cleanSession, sorted; the clientId and timestamp exactly as sent.
     */
    public static String subDeviceContent(Map<String, String> submittedFields) {
        Map<String, String> signed = new TreeMap<>(submittedFields);
        signed.keySet().removeAll(SUB_DEVICE_UNSIGNED);
        return sortedContent(signed);
    }

    /** The sign of a sub-device's topo/add or login entry, as a gateway computes it. */
    public static String subDeviceSign(SignMethod method, DeviceId subDevice, String deviceSecret, String clientId,
                                       String timestamp) {
        return hmacHex(method, deviceSecret, sortedContent(Map.of(
                "productKey", subDevice.productKey(), "deviceName", subDevice.deviceName(),
                "clientId", clientId, "timestamp", timestamp)));
    }

    /**
     * Content of a dynamic-registration sign (HTTPS {@code /auth/register/device} and the MQTT {@code register}
     * password), keyed with the productSecret.
     */
    public static String registrationContent(DeviceId device, String random) {
        return "deviceName" + device.deviceName() + "productKey" + device.productKey() + "random" + random;
    }

    public static String registrationSign(SignMethod method, DeviceId device, String productSecret, String random) {
        return hmacHex(method, productSecret, registrationContent(device, random));
    }
}
