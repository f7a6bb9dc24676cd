package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.Limits;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopoChangeStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code thing/topo/add}: signed sub-devices join the gateway's topology (taken from another gateway if need be). */
final class TopoAddHandler implements RequestHandler {
    private final Registry registry;
    private final Limits limits;
    private final SessionActions actions;
    private final SubDeviceChecks checks;

    TopoAddHandler(Registry registry, Limits limits, SessionActions actions, SubDeviceChecks checks) {
        this.registry = registry;
        this.limits = limits;
        this.actions = actions;
        this.checks = checks;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        DeviceId gateway = request.device();
        List<DeviceId> subs = checks.verifySigned(gateway, request.paramsList(limits.topoBatch()), null);
        Set<DeviceId> after = new LinkedHashSet<>(registry.topo(gateway));
        after.addAll(subs);
        if (after.size() > limits.maxSubDevices()) {
            throw new RequestRefused(ReplyCode.TOO_MANY_SUB_DEVICES, "a gateway's topology holds at most "
                    + limits.maxSubDevices() + " sub-devices");
        }
        Map<DeviceId, DeviceId> replaced = registry.addTopo(gateway, subs);
        replaced.forEach((sub, previousGateway) -> {
            actions.logout(sub);
            actions.notifyTopoChange(previousGateway, TopoChangeStatus.DELETED, List.of(sub));
        });
        return CompletableFuture.completedFuture(SubDeviceEntries.identities(subs));
    }
}
