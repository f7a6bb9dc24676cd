package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code thing/topo/delete}: sub-devices leave the gateway's topology and are logged out. */
final class TopoDeleteHandler implements RequestHandler {
    private final Platform platform;

    TopoDeleteHandler(Platform platform) {
        this.platform = platform;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        DeviceId gateway = request.device();
        List<DeviceId> subs = Platform.devicesOf(request.paramsList(platform.limits().topoBatch()));
        for (DeviceId sub : subs) {
            if (platform.registry().device(sub).isEmpty()) {
                throw new RequestRefused(ReplyCode.DEVICE_NOT_FOUND, "device " + sub + " not found",
                        SubDeviceChecks.failing(sub));
            }
        }
        platform.logout(subs.stream()
                .filter(sub -> platform.sessions().loggedInVia(sub).filter(gateway::equals).isPresent()).toList());
        platform.registry().deleteTopo(gateway, subs);
        return CompletableFuture.completedFuture(Platform.deviceList(subs));
    }
}
