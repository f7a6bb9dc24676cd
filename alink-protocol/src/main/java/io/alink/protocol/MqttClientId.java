package io.alink.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An Alink MQTT clientId: {@code <id>|k1=v1,k2=v2,...|}. The {@code <id>} before the first {@code |} is what the
 * password signs; the options carry the sign method, timestamp, secure mode, auth type and SDK extras.
 *
 * <p>Parsing is tolerant, as the platform must be: SDKs leave empty items ({@code ext=3,|}), add unknown keys, or
 * send no options at all. An item without {@code =} is kept with an empty value.
 */
public record MqttClientId(String id, Map<String, String> options) {

    public static final String SIGN_METHOD = "signmethod";
    public static final String TIMESTAMP = "timestamp";
    public static final String SECURE_MODE = "securemode";
    public static final String AUTH_TYPE = "authType";
    public static final String RANDOM = "random";
    /**
     * The platform instance a registration connection is for: Alibaba's MQTT dynamic registration on an instance's
     * host carries it; a device's own connection does not.
     */
    public static final String INSTANCE_ID = "instanceId";

    public MqttClientId {
        id = id == null ? "" : id;
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options == null ? Map.of() : options));
    }

    public static MqttClientId parse(String clientId) {
        if (clientId == null) {
            return new MqttClientId("", Map.of());
        }
        int first = clientId.indexOf('|');
        if (first < 0) {
            return new MqttClientId(clientId, Map.of());
        }
        int last = clientId.lastIndexOf('|');
        String body = last > first ? clientId.substring(first + 1, last) : clientId.substring(first + 1);
        Map<String, String> options = new LinkedHashMap<>();
        for (String item : body.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                options.putIfAbsent(trimmed, "");
            } else {
                options.putIfAbsent(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
            }
        }
        return new MqttClientId(clientId.substring(0, first), options);
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** The declared sign method; hmacsha1 is assumed by nobody, so an absent or unknown one is empty. */
    public Optional<SignMethod> signMethod() {
        return option(SIGN_METHOD).flatMap(SignMethod::parse);
    }

    /** The wire form: {@code id|k=v,...|}. */
    public String wire() {
        StringBuilder sb = new StringBuilder(id).append('|');
        boolean first = true;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.append('|').toString();
    }

    @Override
    public String toString() {
        return wire();
    }
}
