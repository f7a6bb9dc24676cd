package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import java.util.ArrayList;
import java.util.List;

/** One device-to-cloud request being handled: who sent it, on which topic, and the parsed envelope. */
record Request(Session session, AlinkTopic topic, AlinkRequest envelope) {

    /** The device the topic names (for gateway-level requests, the gateway). */
    DeviceId device() {
        return topic.device();
    }

    /** {@code params} as an object, or a 460 refusal naming what was expected. */
    JsonNode paramsObject() {
        JsonNode params = envelope.params();
        if (!params.isObject()) {
            throw RequestRefused.badParams("params must be a JSON object");
        }
        return params;
    }

    /** {@code params} as an array of objects of at most {@code max} entries, or a 460 refusal. */
    JsonNode paramsList(int max) {
        return Request.list(envelope.params(), "params", max);
    }

    static JsonNode list(JsonNode node, String what, int max) {
        if (node == null || !node.isArray()) {
            throw RequestRefused.badParams(what + " must be a JSON array");
        }
        if (node.isEmpty()) {
            throw RequestRefused.badParams(what + " is empty");
        }
        if (node.size() > max) {
            throw RequestRefused.badParams(what + " has " + node.size() + " entries; at most " + max + " per request");
        }
        for (JsonNode entry : node) {
            if (!entry.isObject()) {
                throw RequestRefused.badParams("every entry of " + what + " must be a JSON object");
            }
        }
        return node;
    }

    /** The {productKey, deviceName} of an entry, or a 460 refusal naming the missing or invalid field. */
    static DeviceId deviceOf(JsonNode entry) {
        return SubDeviceEntries.device(entry).orElseThrow(() -> RequestRefused.badParams(whyNoDevice(entry)));
    }

    /** The devices of a list of entries, or a 460 refusal for the first entry that names none. */
    static List<DeviceId> devicesOf(JsonNode entries) {
        List<DeviceId> devices = new ArrayList<>();
        entries.forEach(entry -> devices.add(deviceOf(entry)));
        return devices;
    }

    private static String whyNoDevice(JsonNode entry) {
        String productKey = AlinkJson.text(entry, "productKey");
        String deviceName = AlinkJson.text(entry, "deviceName");
        if (productKey == null || productKey.isEmpty()) {
            return "productKey is missing";
        }
        if (deviceName == null || deviceName.isEmpty()) {
            return "deviceName is missing";
        }
        return "productKey or deviceName has a character a topic cannot hold";
    }
}
