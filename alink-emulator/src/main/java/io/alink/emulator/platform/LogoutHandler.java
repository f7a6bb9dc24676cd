package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code combine/logout} (params object) and {@code combine/batch_logout} (params array). Logging out a sub-device
 * that is not online through this gateway succeeds without effect, so a retried logout is harmless.
 */
final class LogoutHandler implements RequestHandler {
    private final Platform platform;

    LogoutHandler(Platform platform) {
        this.platform = platform;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        boolean batch = request.topic().kind() == TopicKind.BATCH_LOGOUT;
        JsonNode entries = batch ? request.paramsList(platform.limits().loginBatch())
                : AlinkJson.MAPPER.createArrayNode().add(request.paramsObject());
        List<DeviceId> subs = Platform.devicesOf(entries);
        DeviceId gateway = request.session().device();
        platform.logout(subs.stream()
                .filter(sub -> platform.sessions().loggedInVia(sub).filter(gateway::equals).isPresent()).toList());
        return CompletableFuture.completedFuture(batch ? Platform.deviceList(subs) : Platform.deviceJson(subs.get(0)));
    }
}
