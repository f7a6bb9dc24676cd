package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.SubDeviceEntries;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks topo/add and login share for each signed sub-device entry. Batches are all-or-nothing: the first
 * failing entry refuses the whole request, and the refusal's {@code data} lists the failing device.
 */
final class SubDeviceChecks {
    private final Platform platform;

    SubDeviceChecks(Platform platform) {
        this.platform = platform;
    }

    /** Verifies every entry (exists, is a sub-device, enabled, not the gateway, sign) and returns their ids. */
    List<DeviceId> verifySigned(DeviceId gateway, JsonNode entries, String outerSignMethod) {
        List<DeviceId> verified = new ArrayList<>();
        for (JsonNode entry : entries) {
            DeviceId sub = Request.deviceOf(entry);
            StoredDevice device = requireUsable(gateway, sub);
            boolean signed;
            try {
                signed = device.deviceSecret() != null
                        && SubDeviceEntries.verify(entry, outerSignMethod, device.deviceSecret());
            } catch (AlinkFormatException e) {
                throw new RequestRefused(ReplyCode.REQUEST_PARAMETER_ERROR, sub + ": " + e.getMessage(), failing(sub));
            }
            if (!signed) {
                throw new RequestRefused(ReplyCode.AUTH_ERROR, "sign check failed for " + sub, failing(sub));
            }
            verified.add(sub);
        }
        return verified;
    }

    /** The sub-device exists, is of a sub-device product, is enabled and is not the gateway itself. */
    StoredDevice requireUsable(DeviceId gateway, DeviceId sub) {
        if (sub.equals(gateway)) {
            throw new RequestRefused(ReplyCode.TOPO_CANNOT_ADD_SELF, null, failing(sub));
        }
        StoredDevice device = platform.registry().device(sub).orElseThrow(() ->
                new RequestRefused(ReplyCode.DEVICE_NOT_FOUND, "device " + sub + " not found", failing(sub)));
        if (!platform.isSubDeviceProduct(sub)) {
            throw new RequestRefused(ReplyCode.REQUEST_PARAMETER_ERROR, sub + " is not of a sub-device product",
                    failing(sub));
        }
        if (!device.enabled()) {
            throw new RequestRefused(ReplyCode.DEVICE_DISABLED, "device " + sub + " is disabled", failing(sub));
        }
        return device;
    }

    static ArrayNode failing(DeviceId sub) {
        return Platform.deviceList(List.of(sub));
    }
}
