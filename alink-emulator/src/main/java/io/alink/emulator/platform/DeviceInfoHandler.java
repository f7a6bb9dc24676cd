package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.TopicKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code thing/deviceinfo/update} and {@code .../delete}: params is a list of {attrKey, attrValue?, domain?}. */
final class DeviceInfoHandler implements RequestHandler {
    private static final int MAX_ATTRIBUTES = 200;

    private final DeviceTags tags;

    DeviceInfoHandler(DeviceTags tags) {
        this.tags = tags;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        JsonNode attributes = request.paramsList(MAX_ATTRIBUTES);
        for (JsonNode attribute : attributes) {
            if (AlinkJson.text(attribute, "attrKey") == null) {
                throw RequestRefused.badParams("every deviceinfo entry needs an attrKey");
            }
        }
        tags.update(request.device(), attributes, request.topic().kind() == TopicKind.DEVICEINFO_DELETE);
        return CompletableFuture.completedFuture(AlinkJson.object());
    }
}
