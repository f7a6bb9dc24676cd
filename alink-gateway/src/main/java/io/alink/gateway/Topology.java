package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The gateway's topology ({@code thing/topo/add|get|delete}) and sub-device registration ({@code thing/sub/register}),
 * in batches of 30 per request.
 */
final class Topology {

    static final int TOPO_BATCH = 30;
    static final int REGISTER_BATCH = 30;

    private final DeviceId gateway;
    private final Requests requests;
    private final SubDeviceLogins logins;

    Topology(DeviceId gateway, Requests requests, SubDeviceLogins logins) {
        this.gateway = gateway;
        this.requests = requests;
        this.logins = logins;
    }

    CompletableFuture<TopoList> add(List<SubDeviceCredentials> subDevices) {
        AlinkTopic topic = AlinkTopic.of(TopicKind.TOPO_ADD, gateway);
        return Requests.inBatches("topo add", subDevices, TOPO_BATCH, SubDeviceCredentials::device, batch -> {
            ArrayNode entries = AlinkJson.nodes().arrayNode();
            // topo/add names the sign method in each entry, login beside the list
            batch.forEach(sub -> entries.add(sub.signedEntry().put("signmethod", SubDeviceCredentials.SIGN_METHOD)));
            return requests.request(topic, TopicKind.TOPO_ADD.method(), entries, "topo add")
                    .thenApply(reply -> Requests.elements(reply.data()));
        }).thenApply(Topology::topoList);
    }

    CompletableFuture<TopoList> get() {
        return requests.request(AlinkTopic.of(TopicKind.TOPO_GET, gateway), TopicKind.TOPO_GET.method(),
                AlinkJson.object(), "topo get").thenApply(reply -> topoList(Requests.elements(reply.data())));
    }

    /** The platform ends the sessions of removed sub-devices: they are no longer logged in. */
    CompletableFuture<TopoList> remove(List<DeviceId> subDevices) {
        AlinkTopic topic = AlinkTopic.of(TopicKind.TOPO_DELETE, gateway);
        return Requests.inBatches("topo delete", subDevices, TOPO_BATCH, Function.identity(),
                        batch -> requests.request(topic, TopicKind.TOPO_DELETE.method(),
                                        SubDeviceEntries.identities(batch), "topo delete")
                                .thenApply(reply -> {
                                    logins.forget(batch);
                                    return Requests.elements(reply.data());
                                }))
                .thenApply(Topology::topoList);
    }

    /** Completes with the secrets the platform issued. */
    CompletableFuture<List<SubDeviceCredentials>> register(List<DeviceId> subDevices) {
        AlinkTopic topic = AlinkTopic.of(TopicKind.SUB_REGISTER, gateway);
        return Requests.inBatches("sub-device registration", subDevices, REGISTER_BATCH, Function.identity(),
                        batch -> requests.request(topic, TopicKind.SUB_REGISTER.method(),
                                        SubDeviceEntries.identities(batch), "sub-device registration")
                                .thenApply(reply -> Requests.elements(reply.data())))
                .thenApply(elements -> elements.stream().map(Topology::issuedCredentials).toList());
    }

    private static SubDeviceCredentials issuedCredentials(JsonNode element) {
        DeviceId device = SubDeviceEntries.device(element).orElse(null);
        String secret = AlinkJson.text(element, "deviceSecret");
        if (device == null || secret == null || secret.isEmpty()) {
            throw new GatewayException("a sub-device registration reply lacks productKey, deviceName or deviceSecret");
        }
        return new SubDeviceCredentials(device, secret, AlinkJson.text(element, "iotId"));
    }

    private static TopoList topoList(List<JsonNode> elements) {
        ArrayNode json = AlinkJson.nodes().arrayNode();
        elements.forEach(json::add);
        return new TopoList(Requests.devices(elements), json.toString());
    }
}
