package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code thing/topo/add}: signed sub-devices join the gateway's topology (taken from another gateway if need be). */
final class TopoAddHandler implements RequestHandler {
    private final Platform platform;
    private final SubDeviceChecks checks;

    TopoAddHandler(Platform platform) {
        this.platform = platform;
        this.checks = new SubDeviceChecks(platform);
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        DeviceId gateway = request.device();
        List<DeviceId> subs = checks.verifySigned(gateway, request.paramsList(platform.limits().topoBatch()), null);
        Set<DeviceId> after = new LinkedHashSet<>(platform.registry().topo(gateway));
        after.addAll(subs);
        if (after.size() > platform.limits().maxSubDevices()) {
            throw new RequestRefused(ReplyCode.TOO_MANY_SUB_DEVICES, "a gateway's topology holds at most "
                    + platform.limits().maxSubDevices() + " sub-devices");
        }
        Map<DeviceId, DeviceId> replaced = platform.registry().addTopo(gateway, subs);
        replaced.forEach((sub, previousGateway) -> {
            platform.logout(sub);
            platform.notifyTopoChange(previousGateway, Platform.TOPO_DELETED, List.of(sub));
        });
        return CompletableFuture.completedFuture(Platform.deviceList(subs));
    }
}
