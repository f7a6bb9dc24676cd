package io.alink.emulator.ota;

import io.alink.protocol.DeviceId;
import io.alink.protocol.ota.OtaSignMethod;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an upgrade job is created from.
 *
 * @param firmwareId     the package to install
 * @param signMethod     how the notices sign the file
 * @param devices        the devices chosen by name; empty with {@code allOfProduct}
 * @param allOfProduct   every device of the package's product instead
 * @param sourceVersions when not empty, only devices that informed one of these versions (of the package's module)
 */
public record OtaJobRequest(long firmwareId, OtaSignMethod signMethod, List<DeviceId> devices, boolean allOfProduct,
                            Set<String> sourceVersions) {

    public OtaJobRequest {
        Objects.requireNonNull(signMethod, "signMethod");
        devices = List.copyOf(devices);
        sourceVersions = Set.copyOf(sourceVersions);
        if (allOfProduct == !devices.isEmpty()) {
            throw new IllegalArgumentException("name the devices or choose all of the product, one of the two");
        }
    }
}
