package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.store.DeviceStateStore;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceTag;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code thing/deviceinfo/update} ({@code [{attrKey, attrValue}]}) and {@code .../delete} ({@code [{attrKey}]}): the
 * device's tags, stored. Every entry is checked first; one bad entry refuses the whole request (460) and nothing
 * changes. Deleting a tag the device does not have is no error.
 */
final class DeviceInfoHandler implements RequestHandler {
    private final DeviceStateStore store;

    DeviceInfoHandler(DeviceStateStore store) {
        this.store = store;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        JsonNode entries = request.paramsList(DeviceTag.MAX_PER_REQUEST);
        boolean update = request.topic().kind() == TopicKind.DEVICEINFO_UPDATE;
        Map<String, String> set = new LinkedHashMap<>();
        List<String> deleted = new ArrayList<>();
        for (JsonNode entry : entries) {
            String key = DeviceTag.keyOf(entry);
            DeviceTag.keyProblem(key).ifPresent(RequestRefused::throwBadParams);
            if (update) {
                String value = AlinkJson.text(entry, "attrValue");
                DeviceTag.valueProblem(key, value).ifPresent(RequestRefused::throwBadParams);
                set.put(key, value);
            } else {
                deleted.add(key);
            }
        }
        synchronized (store) {
            Map<String, String> held = new LinkedHashMap<>(store.tags(request.device()));
            held.putAll(set);
            if (held.size() > DeviceTag.MAX_PER_DEVICE) {
                throw RequestRefused.badParams("a device holds at most " + DeviceTag.MAX_PER_DEVICE + " tags; this"
                        + " update would make " + held.size());
            }
            store.changeTags(request.device(), set, deleted);
        }
        return CompletableFuture.completedFuture(AlinkJson.object());
    }
}
