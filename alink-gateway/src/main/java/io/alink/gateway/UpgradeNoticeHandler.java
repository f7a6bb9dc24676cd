package io.alink.gateway;

import io.alink.protocol.DeviceId;
import io.alink.protocol.ota.OtaUpgradeNotice;

/** Told of the platform's upgrade notices for the gateway and its sub-devices ({@link GatewayOta#onUpgradeNotice}). */
@FunctionalInterface
public interface UpgradeNoticeHandler {

    /**
     * A firmware to install. Runs on the callback executor, notices one at a time in the order they arrived; it
     * should hand long work (the download) to another thread.
     *
     * @param device the gateway or the sub-device the notice is for
     * @param notice the firmware: version, module, URL, size and sign
     */
    void onUpgradeNotice(DeviceId device, OtaUpgradeNotice notice);
}
