package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.store.PropertyStore;
import io.alink.emulator.store.PropertyStore.Reported;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.TimedValue;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Property posts ({@code thing/event/property/post}, {@code .../batch/post}) and event posts
 * ({@code thing/event/{eventId}/post}): params must be an object; the message log keeps the message. Event params may
 * be the event's fields or {@code {value, time}}: whether the platform requires the wrapper is unconfirmed, so both
 * pass. A property post's values go to the property store as live values.
 */
final class ThingPostHandler implements RequestHandler {
    private final PropertyStore properties;

    ThingPostHandler(PropertyStore properties) {
        this.properties = properties;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        JsonNode params = request.paramsObject();
        if (request.topic().kind() == TopicKind.PROPERTY_POST) {
            List<Reported> values = new ArrayList<>();
            TimedValue.ofPropertyPost(params, System.currentTimeMillis()).forEach((identifier, value) ->
                    values.add(new Reported(request.device(), identifier, value, false)));
            return properties.record(values).thenApply(committed -> AlinkJson.object());
        }
        return CompletableFuture.completedFuture(AlinkJson.object());
    }
}
