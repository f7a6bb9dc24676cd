package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.emulator.store.PlatformStore.StoredProduct;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code thing/sub/register}: issues secrets to pre-registered sub-devices of products that allow dynamic
 * registration. The gateway's authenticated connection is the credential; no sign. It does not add topology.
 */
final class SubRegisterHandler implements RequestHandler {
    private final Platform platform;
    private final SubDeviceChecks checks;

    SubRegisterHandler(Platform platform) {
        this.platform = platform;
        this.checks = new SubDeviceChecks(platform);
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        DeviceId gateway = request.device();
        List<DeviceId> subs = Platform.devicesOf(request.paramsList(platform.limits().registerBatch()));
        for (DeviceId sub : subs) {
            StoredProduct product = platform.registry().product(sub.productKey()).orElse(null);
            if (product != null && !product.dynamicRegistration()) {
                throw new RequestRefused(ReplyCode.DYNAMIC_REGISTRATION_DISABLED, "dynamic registration is not enabled"
                        + " for product " + sub.productKey(), SubDeviceChecks.failing(sub));
            }
            StoredDevice device = checks.requireUsable(gateway, sub);
            if (device.activated()) {
                throw new RequestRefused(ReplyCode.DEVICE_ALREADY_ACTIVATED, "device " + sub + " is already activated",
                        SubDeviceChecks.failing(sub));
            }
        }
        ArrayNode data = AlinkJson.MAPPER.createArrayNode();
        for (DeviceId sub : subs) {
            ObjectNode entry = Platform.deviceJson(sub);
            entry.put("iotId", java.util.UUID.nameUUIDFromBytes(sub.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "").substring(0, 20));
            entry.put("deviceSecret", platform.registry().issueSecret(sub));
            data.add(entry);
        }
        return CompletableFuture.completedFuture(data);
    }
}
