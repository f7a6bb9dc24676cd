package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.DeviceTag;
import io.alink.protocol.TopicKind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The tags of the gateway and its logged-in sub-devices ({@code thing/deviceinfo/update} and {@code .../delete}):
 * key-value labels such as vendor or model that the platform stores with the device. An update adds or replaces the
 * tags it names and leaves the others. Keys and values are checked before anything is sent
 * ({@link DeviceTag}); up to {@link DeviceTag#MAX_PER_REQUEST} per request. Get it from {@link GatewayClient#tags()}.
 */
public final class DeviceTags {
    private final Namespaces namespaces;
    private final Requests requests;
    private final Operations operations;

    DeviceTags(Namespaces namespaces, Requests requests, Operations operations) {
        this.namespaces = namespaces;
        this.requests = requests;
        this.operations = operations;
    }

    /**
     * Adds or replaces tags of a device.
     *
     * @param device the gateway or a logged-in sub-device
     * @param tags   attrKey to attrValue, sent in the map's order
     * @return completes when the platform confirmed
     * @throws InvalidRequestException for a device not this gateway's, no tags, too many, or a bad key or value
     */
    public CompletableFuture<Void> update(DeviceId device, Map<String, String> tags) {
        namespaces.requireOwn(device);
        checkKeys(tags == null ? null : tags.keySet());
        Map<String, String> copy = new LinkedHashMap<>(tags);
        copy.forEach((key, value) -> DeviceTag.valueProblem(key, value).ifPresent(problem -> {
            throw new InvalidRequestException(problem);
        }));
        return send(TopicKind.DEVICEINFO_UPDATE, device, DeviceTag.updateParams(copy), "tag update of " + device);
    }

    /**
     * Deletes tags of a device; a key the device has no tag for is no error.
     *
     * @param device the gateway or a logged-in sub-device
     * @param keys   the attrKeys to delete
     * @return completes when the platform confirmed
     * @throws InvalidRequestException for a device not this gateway's, no keys, too many, or a bad key
     */
    public CompletableFuture<Void> delete(DeviceId device, Collection<String> keys) {
        namespaces.requireOwn(device);
        checkKeys(keys);
        return send(TopicKind.DEVICEINFO_DELETE, device, DeviceTag.deleteParams(List.copyOf(keys)),
                "tag delete of " + device);
    }

    private static void checkKeys(Collection<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new InvalidRequestException("no tags given");
        }
        if (keys.size() > DeviceTag.MAX_PER_REQUEST) {
            throw new InvalidRequestException(keys.size() + " tags; at most " + DeviceTag.MAX_PER_REQUEST
                    + " per request");
        }
        keys.forEach(key -> DeviceTag.keyProblem(key).ifPresent(problem -> {
            throw new InvalidRequestException(problem);
        }));
    }

    private CompletableFuture<Void> send(TopicKind kind, DeviceId device, JsonNode params, String what) {
        Requests.Outgoing request = requests.prepare(AlinkTopic.of(kind, device), kind.method(), params);
        return operations.start(() -> requests.send(request, what).thenApply(reply -> null));
    }
}
