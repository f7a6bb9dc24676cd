package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.platform.ShadowDocument.ShadowRefusal;
import io.alink.emulator.store.DeviceStateStore;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ShadowMessage;
import io.alink.protocol.TopicKind;

/**
 * The device shadow service: a device's {@code update}, {@code get} and {@code delete} on {@code /shadow/update},
 * answered on {@code /shadow/get}; and the cloud's change of the desired state, sent to the device as
 * {@code control} when it is online, kept for its next {@code get} otherwise. A refused change (stale version,
 * malformed document) is answered with the platform's error payload and changes nothing.
 */
final class ShadowService {
    private final DeviceStateStore store;
    private final Sessions sessions;
    private final Downlink downlink;

    ShadowService(DeviceStateStore store, Sessions sessions, Downlink downlink) {
        this.store = store;
        this.sessions = sessions;
        this.downlink = downlink;
    }

    /** A device's message on {@code /shadow/update/{pk}/{dn}}; the answer goes to {@code /shadow/get/{pk}/{dn}}. */
    void onDeviceMessage(Session session, AlinkTopic topic, byte[] payload) {
        ObjectNode answer;
        try {
            answer = answer(topic.device(), payload);
        } catch (ShadowRefusal refused) {
            answer = ShadowMessage.error(refused.code(), refused.getMessage(), nowSeconds());
        }
        downlink.send(session, AlinkTopic.of(TopicKind.SHADOW_GET, topic.device()).topic(), AlinkJson.toBytes(answer));
    }

    private ObjectNode answer(DeviceId device, byte[] payload) {
        if (payload.length == 0) {
            throw new ShadowRefusal(ShadowMessage.EMPTY_CONTENT, "the shadow message is empty");
        }
        JsonNode message;
        try {
            message = AlinkJson.parse(payload);
        } catch (AlinkFormatException e) {
            throw new ShadowRefusal(ShadowMessage.BAD_JSON, "the shadow message is not JSON");
        }
        String method = AlinkJson.text(message, "method");
        if (!message.isObject() || method == null) {
            throw new ShadowRefusal(ShadowMessage.MISSING_METHOD, "the shadow message has no method");
        }
        return switch (method) {
            case ShadowMessage.GET -> {
                ShadowDocument doc = document(device);
                yield ShadowMessage.document(ShadowMessage.REPLY, doc.state(), doc.metadata(), doc.version(),
                        nowSeconds());
            }
            case ShadowMessage.UPDATE, ShadowMessage.DELETE -> deviceChange(device, method, message);
            default -> throw new ShadowRefusal(ShadowMessage.BAD_METHOD, "unknown shadow method " + method);
        };
    }

    private ObjectNode deviceChange(DeviceId device, String method, JsonNode message) {
        JsonNode state = message.get("state");
        if (state == null || !state.isObject()) {
            throw new ShadowRefusal(ShadowMessage.MISSING_STATE, "the shadow message has no state");
        }
        JsonNode reported = state.get("reported");
        JsonNode desired = method.equals(ShadowMessage.UPDATE) ? state.get("desired") : null;
        if (reported == null && desired == null) {
            throw new ShadowRefusal(ShadowMessage.MISSING_REPORTED, "state has no reported section");
        }
        if (reported != null) {
            ShadowDocument.requireSection("reported", reported);
        }
        if (desired != null) {
            ShadowDocument.requireSection("desired", desired);
        }
        JsonNode removed = method.equals(ShadowMessage.DELETE) ? allDeleted(reported) : reported;
        long version = change(device, message.get("version"), removed, desired).version();
        return ShadowMessage.success(version, nowSeconds());
    }

    /** A delete names attributes: whatever values it gives them, they go. */
    private static JsonNode allDeleted(JsonNode reported) {
        if (reported.isTextual()) {
            return reported;
        }
        ObjectNode nulls = AlinkJson.object();
        reported.fieldNames().forEachRemaining(name -> nulls.put(name, ShadowMessage.NULL));
        return nulls;
    }

    /**
     * The cloud sets desired attributes ({@code {state: {desired}, version}}); an online device is sent
     * {@code control} with the whole document.
     *
     * @throws ShadowRefusal when the body is malformed or its version stale
     */
    ObjectNode updateDesired(DeviceId device, JsonNode body) {
        JsonNode desired = body.path("state").get("desired");
        if (desired == null) {
            throw new ShadowRefusal(ShadowMessage.MISSING_STATE, "the body needs {\"state\": {\"desired\": {..}},"
                    + " \"version\": n}");
        }
        ShadowDocument.requireSection("desired", desired);
        ShadowDocument doc = change(device, body.get("version"), null, desired);
        sessions.carrying(device).ifPresent(session -> downlink.send(session,
                AlinkTopic.of(TopicKind.SHADOW_GET, device).topic(), AlinkJson.toBytes(ShadowMessage.document(
                        ShadowMessage.CONTROL, doc.state(), doc.metadata(), doc.version(), nowSeconds()))));
        return doc.toJson();
    }

    /** The device's shadow; an empty one at version 0 when it has none. */
    synchronized ShadowDocument document(DeviceId device) {
        return store.shadow(device).map(ShadowDocument::of).orElseGet(ShadowDocument::empty);
    }

    private synchronized ShadowDocument change(DeviceId device, JsonNode version, JsonNode reported,
                                               JsonNode desired) {
        ShadowDocument doc = document(device);
        doc.requireNewer(version);
        long now = nowSeconds();
        if (reported != null) {
            doc.merge("reported", reported, now);
        }
        if (desired != null) {
            doc.merge("desired", desired, now);
        }
        doc.version(version.asLong());
        store.saveShadow(device, doc.toStored());
        return doc;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
