package io.alink.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.DeviceView;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.NodeType;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.http.Routes;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices' life from the cloud: {@code DELETE /api/devices/{pk}/{dn}} (with its {@code thing/delete} notice) and
 * {@code POST /api/gateways/{pk}/{dn}/topo/notify} (body: {@code [{productKey, deviceName}, ...]}), answered with the
 * gateway's reply. A gateway's found list shows in its {@code GET /api/devices/{pk}/{dn}} as {@code found}.
 */
final class LifecycleRoutes {

    private final EmulatorAdmin admin;

    LifecycleRoutes(EmulatorAdmin admin) {
        this.admin = admin;
    }

    void register(Routes routes) {
        routes.add("DELETE", "/api/devices/{pk}/{dn}", this::delete)
                .add("POST", "/api/gateways/{pk}/{dn}/topo/notify", this::notifyTopoAdd);
    }

    private void delete(HttpCall call) {
        admin.lifecycle().delete(AdminRoutes.device(call, "pk", "dn"));
        call.noContent();
    }

    private void notifyTopoAdd(HttpCall call) {
        DeviceId gateway = AdminRoutes.device(call, "pk", "dn");
        int timeoutMs = AdminRoutes.intQuery(call, "timeoutMs", AdminRoutes.DEFAULT_TIMEOUT_MS, 1,
                AdminRoutes.MAX_TIMEOUT_MS);
        List<DeviceId> subDevices;
        try {
            subDevices = subDevices(AlinkJson.parse(call.body()));
        } catch (AlinkFormatException e) {
            throw HttpError.badRequest("malformed JSON: " + e.getMessage());
        }
        AdminRoutes.answerWhenReplied(call, gateway, timeoutMs,
                admin.lifecycle().notifyTopoAdd(gateway, subDevices, Duration.ofMillis(timeoutMs)));
    }

    private static List<DeviceId> subDevices(JsonNode body) {
        if (!body.isArray() || body.isEmpty()) {
            throw HttpError.badRequest("expected a non-empty JSON array of {productKey, deviceName}");
        }
        List<DeviceId> devices = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            int index = i;
            devices.add(SubDeviceEntries.device(body.get(i)).orElseThrow(() -> HttpError.badRequest("entry "
                    + index + " needs a productKey and a deviceName that can stand in a topic")));
        }
        return devices;
    }

    /** Adds a gateway's found list to its detail. */
    static void addFound(EmulatorAdmin admin, DeviceView device, ObjectNode detail) {
        if (device.nodeType() == NodeType.GATEWAY) {
            detail.set("found", SubDeviceEntries.identities(admin.lifecycle().found(device.id())));
        }
    }
}
