package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.store.DeviceStateStore;
import io.alink.emulator.store.DeviceStateStore.Desired;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code thing/property/desired/get} (params: identifiers; an empty list asks for all) answers
 * {@code {id: {value, version}}} for those that have a desired value; {@code .../desired/delete} (params:
 * {@code {id: {version?}}}) deletes them. A delete naming a version other than the one held is refused whole and
 * deletes nothing: the value changed since the device read it.
 */
final class DesiredPropertyHandler implements RequestHandler {
    /** Identifiers per request: the platform's 200-per-message bound for property lists (as for tags). */
    static final int MAX_IDENTIFIERS = 200;
    /** UNCONFIRMED: the code of a delete whose version is not the one the cloud holds. */
    static final int STALE_VERSION_CODE = ReplyCode.REQUEST_PARAMETER_ERROR;

    private final DeviceStateStore store;

    DesiredPropertyHandler(DeviceStateStore store) {
        this.store = store;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        return CompletableFuture.completedFuture(request.topic().kind() == TopicKind.PROPERTY_DESIRED_GET
                ? get(request) : delete(request));
    }

    private JsonNode get(Request request) {
        JsonNode params = request.envelope().params();
        if (!params.isArray() || params.size() > MAX_IDENTIFIERS) {
            throw RequestRefused.badParams("params must be a list of at most " + MAX_IDENTIFIERS
                    + " property identifiers");
        }
        List<String> wanted = new ArrayList<>();
        for (JsonNode identifier : params) {
            if (!identifier.isTextual() || identifier.asText().isEmpty()) {
                throw RequestRefused.badParams("every entry of params must be a property identifier");
            }
            wanted.add(identifier.asText());
        }
        ObjectNode data = AlinkJson.object();
        store.desired(request.device()).forEach((identifier, desired) -> {
            if (wanted.isEmpty() || wanted.contains(identifier)) {
                data.set(identifier, DeviceStates.desiredValue(desired).toJson());
            }
        });
        return data;
    }

    private JsonNode delete(Request request) {
        JsonNode params = request.paramsObject();
        if (params.isEmpty() || params.size() > MAX_IDENTIFIERS) {
            throw RequestRefused.badParams("params must name 1 to " + MAX_IDENTIFIERS + " properties");
        }
        synchronized (store) {
            Map<String, Desired> held = store.desired(request.device());
            List<String> deleted = new ArrayList<>();
            params.fields().forEachRemaining(field -> {
                JsonNode version = field.getValue().path("version");
                if (!field.getValue().isObject() || field.getValue().has("version") && !version.canConvertToLong()) {
                    throw RequestRefused.badParams("desired/delete takes {\"" + field.getKey()
                            + "\": {\"version\": <number>}} or {}");
                }
                Desired current = held.get(field.getKey());
                if (current != null && field.getValue().has("version") && version.asLong() != current.version()) {
                    throw new RequestRefused(STALE_VERSION_CODE, "the desired value of " + field.getKey()
                            + " is at version " + current.version() + ", not " + version.asLong());
                }
                deleted.add(field.getKey());
            });
            store.changeDesired(request.device(), Map.of(), deleted);
        }
        return AlinkJson.object();
    }
}
