package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.Limits;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code thing/topo/delete}: sub-devices leave the gateway's topology and are logged out. A sub-device of another
 * gateway's topology refuses the whole request; one in no topology is already deleted.
 */
final class TopoDeleteHandler implements RequestHandler {
    private final Registry registry;
    private final Limits limits;
    private final SessionActions actions;
    private final SubDeviceChecks checks;

    TopoDeleteHandler(Registry registry, Limits limits, SessionActions actions, SubDeviceChecks checks) {
        this.registry = registry;
        this.limits = limits;
        this.actions = actions;
        this.checks = checks;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        DeviceId gateway = request.device();
        List<DeviceId> subs = Request.devicesOf(request.paramsList(limits.topoBatch()));
        for (DeviceId sub : subs) {
            if (registry.device(sub).isEmpty()) {
                throw new RequestRefused(ReplyCode.DEVICE_NOT_FOUND, "device " + sub + " not found",
                        SubDeviceChecks.failing(sub));
            }
            checks.refuseIfOfAnotherGateway(gateway, sub);
        }
        actions.logoutVia(gateway, subs);
        registry.deleteTopo(gateway, subs);
        return CompletableFuture.completedFuture(SubDeviceEntries.identities(subs));
    }
}
