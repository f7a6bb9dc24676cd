package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.alink.emulator.NodeType;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks gateway requests share for each sub-device entry. Batches are all-or-nothing: the first failing entry
 * refuses the whole request, and the refusal's {@code data} lists the failing device.
 */
final class SubDeviceChecks {
    private final Registry registry;

    SubDeviceChecks(Registry registry) {
        this.registry = registry;
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
        StoredDevice device = registry.device(sub).orElseThrow(() ->
                new RequestRefused(ReplyCode.DEVICE_NOT_FOUND, "device " + sub + " not found", failing(sub)));
        if (registry.nodeType(sub) != NodeType.SUB_DEVICE) {
            throw new RequestRefused(ReplyCode.REQUEST_PARAMETER_ERROR, sub + " is not of a sub-device product",
                    failing(sub));
        }
        if (!device.enabled()) {
            throw new RequestRefused(ReplyCode.DEVICE_DISABLED, "device " + sub + " is disabled", failing(sub));
        }
        return device;
    }

    /**
     * A gateway acts only on its own sub-devices: one in another gateway's topology is refused, where a success
     * would claim a change that did not happen. A sub-device in no topology passes (a retried delete or logout).
     */
    void refuseIfOfAnotherGateway(DeviceId gateway, DeviceId sub) {
        registry.gatewayOf(sub).filter(owner -> !owner.equals(gateway)).ifPresent(owner -> {
            throw noRelation(gateway, sub);
        });
    }

    /** The sub-device is in this gateway's topology (login needs it). */
    void requireOwnTopology(DeviceId gateway, DeviceId sub) {
        if (!registry.gatewayOf(sub).map(gateway::equals).orElse(false)) {
            throw noRelation(gateway, sub);
        }
    }

    /**
     * The device the values of a gateway's data message are for: the gateway itself, or a sub-device that exists
     * and is in this gateway's topology (6401 otherwise, as the platform answers a login without one).
     */
    void requireAttached(DeviceId gateway, DeviceId device) {
        if (device.equals(gateway)) {
            return;
        }
        if (registry.device(device).isEmpty()) {
            throw new RequestRefused(ReplyCode.DEVICE_NOT_FOUND, "device " + device + " not found", failing(device));
        }
        requireOwnTopology(gateway, device);
    }

    /** The sub-device is logged in through this connection: 520, as for its own topics, otherwise. */
    static void requireLoggedIn(Session session, DeviceId sub) {
        if (!session.actsFor(sub)) {
            throw new RequestRefused(ReplyCode.NO_ACTIVE_SESSION, "device " + sub + " has no active session: log it"
                    + " in first", failing(sub));
        }
    }

    private static RequestRefused noRelation(DeviceId gateway, DeviceId sub) {
        return new RequestRefused(ReplyCode.TOPO_RELATION_NOT_EXIST, "topo relation between " + sub + " and "
                + gateway + " does not exist", failing(sub));
    }

    static ArrayNode failing(DeviceId sub) {
        return SubDeviceEntries.identities(List.of(sub));
    }
}
