package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.Limits;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code combine/logout} (params object) and {@code combine/batch_logout} (params array). Logging out a sub-device of
 * this gateway that is not online succeeds without effect, so a retried logout is harmless; a sub-device of another
 * gateway's topology refuses the whole request.
 */
final class LogoutHandler implements RequestHandler {
    private final Limits limits;
    private final SessionActions actions;
    private final SubDeviceChecks checks;

    LogoutHandler(Limits limits, SessionActions actions, SubDeviceChecks checks) {
        this.limits = limits;
        this.actions = actions;
        this.checks = checks;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        boolean batch = request.topic().kind() == TopicKind.BATCH_LOGOUT;
        JsonNode entries = batch ? request.paramsList(limits.loginBatch())
                : AlinkJson.MAPPER.createArrayNode().add(request.paramsObject());
        List<DeviceId> subs = Request.devicesOf(entries);
        DeviceId gateway = request.session().device();
        subs.forEach(sub -> checks.refuseIfOfAnotherGateway(gateway, sub));
        actions.logoutVia(gateway, subs);
        return CompletableFuture.completedFuture(batch ? SubDeviceEntries.identities(subs)
                : SubDeviceEntries.identity(subs.get(0)));
    }
}
