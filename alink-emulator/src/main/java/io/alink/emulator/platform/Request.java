package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;

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
        String pk = io.alink.protocol.AlinkJson.text(entry, "productKey");
        String dn = io.alink.protocol.AlinkJson.text(entry, "deviceName");
        if (pk == null || pk.isEmpty()) {
            throw RequestRefused.badParams("productKey is missing");
        }
        if (dn == null || dn.isEmpty()) {
            throw RequestRefused.badParams("deviceName is missing");
        }
        if (!DeviceId.isValidPart(pk) || !DeviceId.isValidPart(dn)) {
            throw RequestRefused.badParams("productKey or deviceName has a character a topic cannot hold");
        }
        return DeviceId.of(pk, dn);
    }
}
