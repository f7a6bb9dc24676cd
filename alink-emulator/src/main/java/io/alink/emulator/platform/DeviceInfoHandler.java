package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code thing/deviceinfo/update} and {@code .../delete}: params is a list of {attrKey, attrValue?, domain?}. */
final class DeviceInfoHandler implements RequestHandler {
    private static final int MAX_ATTRIBUTES = 200;

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        for (JsonNode attribute : request.paramsList(MAX_ATTRIBUTES)) {
            if (AlinkJson.text(attribute, "attrKey") == null) {
                throw RequestRefused.badParams("every deviceinfo entry needs an attrKey");
            }
        }
        return CompletableFuture.completedFuture(AlinkJson.object());
    }
}
