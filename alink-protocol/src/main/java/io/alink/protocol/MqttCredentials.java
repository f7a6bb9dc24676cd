package io.alink.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The three CONNECT fields a device presents: clientId, username {@code deviceName&productKey}, and password.
 * {@link #toString()} never shows the password.
 */
public record MqttCredentials(String clientId, String username, String password) {

    /** Secure mode 3: plain TCP. */
    public static final String SECURE_MODE_PLAIN = "3";
    /** Secure mode 2: TLS direct. */
    public static final String SECURE_MODE_TLS = "2";

    /** Credentials of a device with its own secret, signed the way the official SDKs sign them. */
    public static MqttCredentials forDevice(DeviceId device, String deviceSecret, SignMethod method, String timestamp,
                                            boolean tls, Map<String, String> extraOptions) {
        String id = device.productKey() + "." + device.deviceName();
        Map<String, String> options = new LinkedHashMap<>();
        if (timestamp != null) {
            options.put(MqttClientId.TIMESTAMP, timestamp);
        }
        options.put("_ss", "1");
        options.put(MqttClientId.SECURE_MODE, tls ? SECURE_MODE_TLS : SECURE_MODE_PLAIN);
        options.put(MqttClientId.SIGN_METHOD, method.wireName());
        options.putAll(extraOptions);
        String password = Signing.hmacHex(method, deviceSecret, deviceSignContent(id, device, timestamp));
        return new MqttCredentials(new MqttClientId(id, options).wire(), username(device), password);
    }

    /** Credentials for MQTT dynamic registration ({@code authType=register}), signed with the productSecret. */
    public static MqttCredentials forRegistration(DeviceId device, String productSecret, String random, boolean tls) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(MqttClientId.RANDOM, random);
        options.put(MqttClientId.AUTH_TYPE, "register");
        options.put(MqttClientId.SECURE_MODE, tls ? SECURE_MODE_TLS : SECURE_MODE_PLAIN);
        options.put(MqttClientId.SIGN_METHOD, SignMethod.HMAC_SHA256.wireName());
        String id = device.deviceName() + "." + device.productKey();
        String password = Signing.registrationSign(SignMethod.HMAC_SHA256, device, productSecret, random);
        return new MqttCredentials(new MqttClientId(id, options).wire(), username(device), password);
    }

    /**
     * These credentials with one more clientId option, such as {@link MqttClientId#INSTANCE_ID}: the password does
     * not sign the options.
     */
    public MqttCredentials withClientIdOption(String key, String value) {
        MqttClientId parsed = MqttClientId.parse(clientId);
        Map<String, String> options = new LinkedHashMap<>(parsed.options());
        options.put(key, value);
        return new MqttCredentials(new MqttClientId(parsed.id(), options).wire(), username, password);
    }

    /** {@code deviceName&productKey}. */
    public static String username(DeviceId device) {
        return device.deviceName() + "&" + device.productKey();
    }

    /** Reads {@code deviceName&productKey}; empty when it is not of that form. */
    public static Optional<DeviceId> parseUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        int amp = username.indexOf('&');
        if (amp <= 0 || amp == username.length() - 1) {
            return Optional.empty();
        }
        String dn = username.substring(0, amp);
        String pk = username.substring(amp + 1);
        return DeviceId.isValidPart(pk) && DeviceId.isValidPart(dn) ? Optional.of(new DeviceId(pk, dn)) : Optional.empty();
    }

    /**
     * The content a device's CONNECT password signs: {@code clientId<id>deviceName<dn>productKey<pk>} and, only when
     * the clientId carries a timestamp, {@code timestamp<ts>}.
     */
    public static String deviceSignContent(String id, DeviceId device, String timestamp) {
        // the keys in their sorted order, written out: the platform builds this for every CONNECT it checks
        String content = "clientId" + id + "deviceName" + device.deviceName() + "productKey" + device.productKey();
        return timestamp == null ? content : content + "timestamp" + timestamp;
    }

    /** Checks a device-secret CONNECT password against a parsed clientId (sign method from the clientId). */
    public static boolean verifyDevicePassword(MqttClientId clientId, DeviceId device, String deviceSecret,
                                               String password) {
        Optional<SignMethod> method = clientId.signMethod();
        return method.isPresent() && Signing.verify(method.get(), deviceSecret,
                deviceSignContent(clientId.id(), device, clientId.options().get(MqttClientId.TIMESTAMP)), password);
    }

    /** Checks a dynamic-registration CONNECT password ({@code authType=register|regnwl}). */
    public static boolean verifyRegistrationPassword(MqttClientId clientId, DeviceId device, String productSecret,
                                                     String password) {
        Optional<SignMethod> method = clientId.signMethod();
        String random = clientId.options().get(MqttClientId.RANDOM);
        return method.isPresent() && random != null
                && Signing.verify(method.get(), productSecret, Signing.registrationContent(device, random), password);
    }

    @Override
    public String toString() {
        return "MqttCredentials[clientId=" + clientId + ", username=" + username + ", password=***]";
    }
}
