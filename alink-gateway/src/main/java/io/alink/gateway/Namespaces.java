package io.alink.gateway;

import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicFilters;
import java.util.Optional;

/** Whom the application may act for: the gateway and the sub-devices it logged in. Refusals are bad input. */
final class Namespaces {

    private final DeviceId gateway;
    private final SubDeviceSessions sessions;

    Namespaces(DeviceId gateway, SubDeviceSessions sessions) {
        this.gateway = gateway;
        this.sessions = sessions;
    }

    /** The device whose namespace {@code topicFilter} lies in: the gateway or a logged-in sub-device. */
    DeviceId topicOwner(String topicFilter) {
        return ownerWithin(topicFilter, TopicFilters.owner(topicFilter));
    }

    /** {@code owner}, parsed from {@code topicFilter} already, when it is the gateway or a logged-in sub-device. */
    DeviceId ownerWithin(String topicFilter, Optional<DeviceId> parsedOwner) {
        DeviceId owner = parsedOwner.orElse(null);
        if (owner == null || !owner.equals(gateway) && !sessions.isOpen(owner)) {
            throw new InvalidRequestException("topic " + topicFilter + " is outside the namespace of gateway "
                    + gateway + " and its logged-in sub-devices");
        }
        return owner;
    }

    static void requireDevice(DeviceId device) {
        if (device == null) {
            throw new InvalidRequestException("device is missing");
        }
    }

    /** {@return whether {@code device} is the gateway or a sub-device logged in through it} */
    boolean owns(DeviceId device) {
        return device.equals(gateway) || sessions.isOpen(device);
    }

    /** {@code device} is the gateway or a sub-device logged in through it. */
    void requireOwn(DeviceId device) {
        requireDevice(device);
        if (!owns(device)) {
            throw new InvalidRequestException(device + " is neither gateway " + gateway + " nor logged in through it");
        }
    }
}
