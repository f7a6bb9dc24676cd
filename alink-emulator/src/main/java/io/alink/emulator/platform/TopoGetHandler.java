package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code thing/topo/get}: the gateway's sub-devices, {productKey, deviceName} each, in the order they were added. */
final class TopoGetHandler implements RequestHandler {
    private final Platform platform;

    TopoGetHandler(Platform platform) {
        this.platform = platform;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        return CompletableFuture.completedFuture(Platform.deviceList(platform.registry().topo(request.device())));
    }
}
