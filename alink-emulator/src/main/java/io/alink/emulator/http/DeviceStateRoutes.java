package io.alink.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.DeviceStateAdmin;
import io.alink.emulator.DeviceStateAdmin.ConfigPush;
import io.alink.emulator.DeviceStateAdmin.ShadowRefusedException;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.http.Routes;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DesiredValue;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicLevel;
import java.util.Map;

/**
 * The admin routes of desired values, shadows and remote configuration files, and the download of those files (the
 * link a device gets on {@code thing/config/get} or {@code push}).
 */
final class DeviceStateRoutes {
    private final DeviceStateAdmin state;

    DeviceStateRoutes(DeviceStateAdmin state) {
        this.state = state;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/devices/{pk}/{dn}/desired", call -> call.json(200,
                        desired(state.desired(AdminRoutes.device(call, "pk", "dn")))))
                .add("PUT", "/api/devices/{pk}/{dn}/desired", call -> call.json(200,
                        desired(state.setDesired(AdminRoutes.device(call, "pk", "dn"), call.jsonObject()))))
                .add("GET", "/api/devices/{pk}/{dn}/shadow", call -> call.json(200,
                        state.shadow(AdminRoutes.device(call, "pk", "dn"))))
                .add("PUT", "/api/devices/{pk}/{dn}/shadow", this::updateShadow)
                .add("GET", "/api/products/{pk}/config", this::getConfig)
                .add("PUT", "/api/products/{pk}/config", this::putConfig)
                .add("GET", "/files/config/{pk}/{configId}", this::download);
    }

    private static ObjectNode desired(Map<String, DesiredValue> values) {
        ObjectNode body = AlinkJson.object();
        values.forEach((identifier, value) -> body.set(identifier, value.toJson()));
        return body;
    }

    /** A refusal answers like every other, plus {@code shadow}: the error payload the platform sends a device. */
    private void updateShadow(HttpCall call) {
        DeviceId device = AdminRoutes.device(call, "pk", "dn");
        ObjectNode body = call.jsonObject();
        try {
            call.json(200, state.updateShadow(device, body));
        } catch (ShadowRefusedException refused) {
            ObjectNode error = AlinkJson.object().put("error", HttpError.code(refused.status()))
                    .put("message", refused.getMessage());
            error.set("shadow", refused.platformError());
            call.json(refused.status(), error);
        }
    }

    private void getConfig(HttpCall call) {
        String productKey = productKey(call);
        call.json(200, state.config(productKey).orElseThrow(() ->
                new HttpError(404, "product " + productKey + " has no configuration file")).toJson());
    }

    private void putConfig(HttpCall call) {
        String productKey = productKey(call);
        ConfigPush pushed = state.putConfig(productKey, call.body());
        ObjectNode body = pushed.file().toJson();
        ArrayNode to = body.putArray("pushedTo");
        pushed.pushedTo().forEach(d -> to.addObject().put("productKey", d.productKey())
                .put("deviceName", d.deviceName()));
        call.json(200, body);
    }

    private void download(HttpCall call) {
        String productKey = productKey(call);
        String configId = call.variable("configId");
        byte[] file = state.download(productKey, configId, call.query("expires").orElse(null),
                call.query("signature").orElse(null)).orElseThrow(() ->
                new HttpError(404, "configuration " + configId + " of " + productKey + " was replaced"));
        call.send(200, "application/octet-stream", file);
    }

    private static String productKey(HttpCall call) {
        String productKey = call.variable("pk");
        TopicLevel.DEVICE_PART.problem(productKey).ifPresent(problem -> {
            throw HttpError.badRequest("productKey " + problem);
        });
        return productKey;
    }
}
