package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.SubDeviceEntries;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code thing/topo/get}: the gateway's sub-devices, {productKey, deviceName} each, in the order they were added. */
final class TopoGetHandler implements RequestHandler {
    private final Registry registry;

    TopoGetHandler(Registry registry) {
        this.registry = registry;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        return CompletableFuture.completedFuture(SubDeviceEntries.identities(registry.topo(request.device())));
    }
}
