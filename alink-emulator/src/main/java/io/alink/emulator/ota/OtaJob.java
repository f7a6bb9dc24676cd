package io.alink.emulator.ota;

import io.alink.protocol.ota.OtaSignMethod;
import java.util.List;

/**
 * An upgrade job: one firmware package for a set of devices.
 *
 * @param id         the job's id
 * @param firmware   the package it installs
 * @param signMethod how its notices sign the file
 * @param created    epoch milliseconds
 * @param targets    its devices, in the order they were chosen
 */
public record OtaJob(long id, FirmwarePackage firmware, OtaSignMethod signMethod, long created, List<OtaTarget> targets) {

    public OtaJob {
        targets = List.copyOf(targets);
    }
}
