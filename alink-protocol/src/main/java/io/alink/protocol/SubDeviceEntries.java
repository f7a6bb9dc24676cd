package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sub-device entries of gateway requests and replies, written and read in one place: the signed entry of topo/add
 * and login (built by a gateway, verified by the platform) and the {@code {productKey, deviceName}} lists of topo/get,
 * topo/delete, logout, registration and topo/change.
 */
public final class SubDeviceEntries {

    private SubDeviceEntries() {
    }

    /** {@code {productKey, deviceName}}. */
    public static ObjectNode identity(DeviceId device) {
        return AlinkJson.object().put("productKey", device.productKey()).put("deviceName", device.deviceName());
    }

    /** A JSON list of {@link #identity} entries. */
    public static ArrayNode identities(Collection<DeviceId> devices) {
        ArrayNode list = AlinkJson.nodes().arrayNode();
        devices.forEach(device -> list.add(identity(device)));
        return list;
    }

    /**
     * The signed entry of a topo/add or login request: identity, {@code clientId} and {@code timestamp} exactly as
     * signed, and the sign. The sign method is not in it: topo/add names it per entry, batch login beside the list.
     */
    public static ObjectNode signed(SignMethod method, DeviceId device, String deviceSecret, String clientId,
                                    String timestamp) {
        return identity(device)
                .put("clientId", clientId)
                .put("timestamp", timestamp)
                .put("sign", Signing.subDeviceSign(method, device, deviceSecret, clientId, timestamp));
    }

    /**
     * Verifies the sign of one signed entry. The method is the entry's own {@code signmethod}/{@code signMethod},
     * else {@code outerSignMethod} (batch_login puts it beside the list).
     *
     * @throws AlinkFormatException when the entry has no sign or names no method the platform supports
     */
    public static boolean verify(JsonNode entry, String outerSignMethod, String deviceSecret) {
        Map<String, String> fields = new TreeMap<>();
        entry.fields().forEachRemaining(f -> {
            String text = AlinkJson.text(entry, f.getKey());
            if (text != null) {
                fields.put(f.getKey(), text);
            }
        });
        String sign = fields.get("sign");
        if (sign == null || sign.isEmpty()) {
            throw new AlinkFormatException("sign is missing");
        }
        String methodName = fields.getOrDefault("signMethod", fields.getOrDefault("signmethod", outerSignMethod));
        SignMethod method = SignMethod.parse(methodName)
                .orElseThrow(() -> new AlinkFormatException("unsupported signMethod: " + methodName));
        return Signing.verify(method, deviceSecret, Signing.subDeviceContent(fields), sign);
    }

    /**
     * The device an entry names; empty when productKey or deviceName is missing, not text, or not a valid topic
     * level.
     */
    public static Optional<DeviceId> device(JsonNode entry) {
        String productKey = AlinkJson.text(entry, "productKey");
        String deviceName = AlinkJson.text(entry, "deviceName");
        return DeviceId.isValidPart(productKey) && DeviceId.isValidPart(deviceName)
                ? Optional.of(DeviceId.of(productKey, deviceName)) : Optional.empty();
    }

    /** The devices of a list of entries, skipping entries that name none ({@link #device}); empty for a non-list. */
    public static List<DeviceId> devices(JsonNode list) {
        List<DeviceId> devices = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(entry -> device(entry).ifPresent(devices::add));
        }
        return devices;
    }
}
