package io.alink.emulator.ota;

import io.alink.protocol.DeviceId;

/**
 * One device of an upgrade job and what it reported.
 *
 * @param device          the device
 * @param state           where it stands
 * @param step            the last step it reported, null before the first
 * @param desc            the description of that step, null before the first
 * @param reportedVersion the version it informed after the job started, null before
 */
public record OtaTarget(DeviceId device, OtaTargetState state, Integer step, String desc, String reportedVersion) {
}
