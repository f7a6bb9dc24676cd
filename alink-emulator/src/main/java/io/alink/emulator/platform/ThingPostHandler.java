package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Property posts ({@code thing/event/property/post}, {@code .../batch/post}) and event posts
 * ({@code thing/event/{eventId}/post}): params must be an object; the message log keeps the message. Event params may
 * be the event's fields or {@code {value, time}}: whether the platform requires the wrapper is unconfirmed, so both
 * pass.
 */
final class ThingPostHandler implements RequestHandler {
    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        request.paramsObject();
        return CompletableFuture.completedFuture(AlinkJson.object());
    }
}
