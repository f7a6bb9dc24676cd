package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.Limits;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code combine/login} (one sub-device, params object) and {@code combine/batch_login} (params
 * {@code {signMethod, deviceList:[...]}}), all-or-nothing. A sub-device needs a topology relation with this gateway.
 * The reply leaves only once the sub-device's downlink reaches the gateway's connection.
 */
final class LoginHandler implements RequestHandler {
    private final Limits limits;
    private final SessionActions actions;
    private final SubDeviceChecks checks;

    LoginHandler(Limits limits, SessionActions actions, SubDeviceChecks checks) {
        this.limits = limits;
        this.actions = actions;
        this.checks = checks;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        boolean batch = request.topic().kind() == TopicKind.BATCH_LOGIN;
        JsonNode entries;
        String outerSignMethod = null;
        if (batch) {
            JsonNode params = request.paramsObject();
            entries = Request.list(params.get("deviceList"), "params.deviceList", limits.loginBatch());
            outerSignMethod = AlinkJson.text(params, "signMethod");
        } else {
            entries = AlinkJson.MAPPER.createArrayNode().add(request.paramsObject());
        }
        Session session = request.session();
        DeviceId gateway = session.device();
        List<DeviceId> subs = checks.verifySigned(gateway, entries, outerSignMethod);
        subs.forEach(sub -> checks.requireOwnTopology(gateway, sub));
        Set<DeviceId> online = new HashSet<>(session.loggedIn());
        online.addAll(subs);
        if (online.size() > limits.maxSubDevices()) {
            throw new RequestRefused(ReplyCode.TOO_MANY_SUB_DEVICES, "at most " + limits.maxSubDevices()
                    + " sub-devices can be online through one gateway");
        }
        if (!session.loginRate().tryAcquire(subs.size(), System.currentTimeMillis())) {
            throw new RequestRefused(ReplyCode.TOO_MANY_REQUESTS, "over " + limits.loginsPerSecond()
                    + " sub-device logins per second for this gateway");
        }
        JsonNode data = batch ? SubDeviceEntries.identities(subs) : SubDeviceEntries.identity(subs.get(0));
        return actions.login(session, subs).thenApply(ready -> data);
    }
}
