package io.alink.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.EmulatorRrpc;
import io.alink.emulator.RrpcResult;
import io.alink.http.HttpCall;
import io.alink.http.Routes;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code POST /api/devices/{pk}/{dn}/rrpc?timeoutMs=&topic=}: the platform's RRpc API. The body is sent as it is;
 * the answer is the API's: {@code rrpcCode} SUCCESS with the device's answer, or TIMEOUT.
 */
final class RrpcRoutes {

    private final EmulatorAdmin admin;

    RrpcRoutes(EmulatorAdmin admin) {
        this.admin = admin;
    }

    void register(Routes routes) {
        routes.add("POST", "/api/devices/{pk}/{dn}/rrpc", this::rrpc);
    }

    private void rrpc(HttpCall call) {
        DeviceId device = AdminRoutes.device(call, "pk", "dn");
        int timeoutMs = AdminRoutes.intQuery(call, "timeoutMs", AdminRoutes.DEFAULT_TIMEOUT_MS,
                EmulatorRrpc.MIN_TIMEOUT_MS, EmulatorRrpc.MAX_TIMEOUT_MS);
        String customTopic = call.query("topic").orElse(null);
        call.later(admin.rrpc().rrpc(device, customTopic, call.body(), Duration.ofMillis(timeoutMs))
                .thenAccept(result -> call.json(200, json(result))));
    }

    /** The RRpc API's fields; the answer also as text when it is UTF-8, for people reading it. */
    private static ObjectNode json(RrpcResult result) {
        ObjectNode body = AlinkJson.object().put("rrpcCode", result.rrpcCode()).put("messageId", result.messageId());
        if (result.rrpcCode().equals(RrpcResult.SUCCESS)) {
            byte[] payload = result.payload();
            body.put("payloadBase64Byte", Base64.getEncoder().encodeToString(payload));
            String text = AdminRoutes.strictUtf8(payload);
            if (text != null) {
                body.put("payload", text);
            }
        }
        return body;
    }
}
