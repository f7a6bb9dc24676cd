package io.alink.emulator.ota;

import io.alink.protocol.DeviceId;

/** Gives a device a time-limited, signed URL of a firmware file. */
@FunctionalInterface
public interface DownloadUrls {

    String url(long firmwareId, DeviceId device);
}
