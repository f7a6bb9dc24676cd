package io.alink.emulator;

import io.alink.protocol.DeviceId;

/** One device-to-cloud message of the message log: when it arrived, on which topic, from which device. */
public record MessageRecord(long seq, long timeMillis, DeviceId device, String topic, byte[] payload, int qos) {
}
