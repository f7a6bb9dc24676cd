package io.alink.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DesiredValue;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Desired property values: what an application set in the cloud while the device was offline
 * ({@code thing/property/desired/get}), and their removal once applied ({@code .../desired/delete}). Each value has
 * a version; deleting with the version read makes sure a value set since is not lost. Get it from
 * {@link GatewayClient#desired()}.
 */
public final class DesiredProperties {
    private final Namespaces namespaces;
    private final Requests requests;
    private final Operations operations;

    DesiredProperties(Namespaces namespaces, Requests requests, Operations operations) {
        this.namespaces = namespaces;
        this.requests = requests;
        this.operations = operations;
    }

    /**
     * Reads desired values.
     *
     * @param device      the gateway or a logged-in sub-device
     * @param identifiers the properties to read; empty for all that have a desired value
     * @return completes with the desired values by identifier; a property without one is absent
     * @throws InvalidRequestException for a device not this gateway's or a missing or empty identifier
     */
    public CompletableFuture<Map<String, DesiredValue>> get(DeviceId device, Collection<String> identifiers) {
        namespaces.requireOwn(device);
        ArrayNode params = AlinkJson.MAPPER.createArrayNode();
        requireIdentifiers(identifiers, true).forEach(params::add);
        Requests.Outgoing request = requests.prepare(AlinkTopic.of(TopicKind.PROPERTY_DESIRED_GET, device),
                TopicKind.PROPERTY_DESIRED_GET.method(), params);
        return operations.start(() -> requests.send(request, "desired get of " + device)
                .thenApply(reply -> DesiredValue.parseAll(reply.data())));
    }

    /**
     * Deletes desired values whatever their version.
     *
     * @param device      the gateway or a logged-in sub-device
     * @param identifiers the properties whose desired value goes
     * @return completes when the platform confirmed
     * @throws InvalidRequestException for a device not this gateway's, or no identifiers
     */
    public CompletableFuture<Void> delete(DeviceId device, Collection<String> identifiers) {
        ObjectNode params = AlinkJson.object();
        requireIdentifiers(identifiers, false).forEach(params::putObject);
        return delete(device, params);
    }

    /**
     * Deletes desired values if they are still at the versions given; the platform refuses the whole request, and
     * deletes nothing, when one changed since.
     *
     * @param device   the gateway or a logged-in sub-device
     * @param versions identifier to the version read with {@link #get}
     * @return completes when the platform confirmed; fails with an {@link AlinkReplyException} when a value changed
     * @throws InvalidRequestException for a device not this gateway's, or no identifiers
     */
    public CompletableFuture<Void> deleteVersions(DeviceId device, Map<String, Long> versions) {
        ObjectNode params = AlinkJson.object();
        requireIdentifiers(versions == null ? null : versions.keySet(), false).forEach(identifier -> {
            Long version = versions.get(identifier);
            if (version == null) {
                throw new InvalidRequestException("the version of " + identifier + " is missing");
            }
            params.putObject(identifier).put("version", version.longValue());
        });
        return delete(device, params);
    }

    private CompletableFuture<Void> delete(DeviceId device, ObjectNode params) {
        namespaces.requireOwn(device);
        Requests.Outgoing request = requests.prepare(AlinkTopic.of(TopicKind.PROPERTY_DESIRED_DELETE, device),
                TopicKind.PROPERTY_DESIRED_DELETE.method(), params);
        return operations.start(() -> requests.send(request, "desired delete of " + device).thenApply(r -> null));
    }

    private static List<String> requireIdentifiers(Collection<String> identifiers, boolean emptyMeansAll) {
        if (identifiers == null || identifiers.isEmpty() && !emptyMeansAll) {
            throw new InvalidRequestException("no property identifiers given");
        }
        for (String identifier : identifiers) {
            if (identifier == null || identifier.isEmpty()) {
                throw new InvalidRequestException("a property identifier is missing");
            }
        }
        return List.copyOf(identifiers);
    }
}
