package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.store.PropertyStore;
import io.alink.emulator.store.PropertyStore.Reported;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.TimedValue;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Property posts ({@code thing/event/property/post}, {@code .../batch/post}) and event posts
 * ({@code thing/event/{eventId}/post}): params must be an object; the message log keeps the message. Event params may
 * be the event's fields or {@code {value, time}}: whether the platform requires the wrapper is unconfirmed, so both
 * pass. A property post's values go to the property store as live values.
 */
final class ThingPostHandler implements RequestHandler {
    private static final Set<String> TIMED_FIELDS = Set.of("value", "time");

    private final PropertyStore properties;

    ThingPostHandler(PropertyStore properties) {
        this.properties = properties;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        JsonNode params = request.paramsObject();
        if (request.topic().kind() == TopicKind.PROPERTY_POST) {
            long now = System.currentTimeMillis();
            List<Reported> values = new ArrayList<>();
            params.fields().forEachRemaining(field -> values.add(new Reported(request.device(), field.getKey(),
                    timed(field.getValue(), now), false)));
            properties.record(values);
        }
        return CompletableFuture.completedFuture(AlinkJson.object());
    }

    /**
     * A property's value in either form SDKs send: plain ({@code "Power": "on"}) or timed
     * ({@code "Power": {"value": "on", "time": 1524448722000}}); without a usable time, the platform's receipt time.
     */
    private static TimedValue timed(JsonNode node, long now) {
        boolean wrapped = node.isObject() && node.has("value");
        for (var names = node.fieldNames(); wrapped && names.hasNext(); ) {
            wrapped = TIMED_FIELDS.contains(names.next());
        }
        if (!wrapped) {
            return new TimedValue(node, now);
        }
        JsonNode time = node.get("time");
        boolean usable = time != null && (time.isIntegralNumber() ? time.canConvertToLong() : time.isTextual())
                && time.asLong() > 0;
        return new TimedValue(node.get("value"), usable ? time.asLong() : now);
    }
}
