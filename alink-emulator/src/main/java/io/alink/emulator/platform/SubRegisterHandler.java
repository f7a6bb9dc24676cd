package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.alink.emulator.Limits;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.emulator.store.PlatformStore.StoredProduct;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code thing/sub/register}: issues secrets to pre-registered sub-devices of products that allow dynamic
 * registration. The gateway's authenticated connection is the credential; no sign. It does not add topology.
 */
final class SubRegisterHandler implements RequestHandler {
    private final Registry registry;
    private final Limits limits;
    private final SubDeviceChecks checks;

    SubRegisterHandler(Registry registry, Limits limits, SubDeviceChecks checks) {
        this.registry = registry;
        this.limits = limits;
        this.checks = checks;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        DeviceId gateway = request.device();
        List<DeviceId> subs = Request.devicesOf(request.paramsList(limits.registerBatch()));
        for (DeviceId sub : subs) {
            StoredProduct product = registry.product(sub.productKey()).orElse(null);
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
            data.add(SubDeviceEntries.identity(sub)
                    .put("iotId", iotId(sub))
                    .put("deviceSecret", registry.issueSecret(sub)));
        }
        return CompletableFuture.completedFuture(data);
    }

    /** A stable 20-character id per device, shaped like the platform's. */
    private static String iotId(DeviceId sub) {
        return UUID.nameUUIDFromBytes(sub.toString().getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                .substring(0, 20);
    }
}
