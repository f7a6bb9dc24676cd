package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
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
    private final Platform platform;
    private final SubDeviceChecks checks;

    LoginHandler(Platform platform) {
        this.platform = platform;
        this.checks = new SubDeviceChecks(platform);
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        boolean batch = request.topic().kind() == TopicKind.BATCH_LOGIN;
        JsonNode entries;
        String outerSignMethod = null;
        if (batch) {
            JsonNode params = request.paramsObject();
            entries = Request.list(params.get("deviceList"), "params.deviceList", platform.limits().loginBatch());
            outerSignMethod = AlinkJson.text(params, "signMethod");
        } else {
            entries = AlinkJson.MAPPER.createArrayNode().add(request.paramsObject());
        }
        Session session = request.session();
        DeviceId gateway = session.device();
        List<DeviceId> subs = checks.verifySigned(gateway, entries, outerSignMethod);
        for (DeviceId sub : subs) {
            if (!platform.registry().gatewayOf(sub).map(gateway::equals).orElse(false)) {
                throw new RequestRefused(ReplyCode.TOPO_RELATION_NOT_EXIST, "topo relation between " + sub + " and "
                        + gateway + " does not exist", SubDeviceChecks.failing(sub));
            }
        }
        Set<DeviceId> online = new HashSet<>(session.loggedIn());
        online.addAll(subs);
        if (online.size() > platform.limits().maxSubDevices()) {
            throw new RequestRefused(ReplyCode.TOO_MANY_SUB_DEVICES, "at most " + platform.limits().maxSubDevices()
                    + " sub-devices can be online through one gateway");
        }
        if (!session.loginRate().tryAcquire(subs.size(), System.currentTimeMillis())) {
            throw new RequestRefused(ReplyCode.TOO_MANY_REQUESTS, "over " + platform.limits().loginsPerSecond()
                    + " sub-device logins per second for this gateway");
        }
        JsonNode data = batch ? Platform.deviceList(subs) : Platform.deviceJson(subs.get(0));
        return platform.login(session, subs).thenApply(ready -> data);
    }
}
