package io.alink.emulator;

/**
 * The platform's limits, each configurable (defaults are the platform's documented values; the message log's are the
 * emulator's own).
 *
 * @param topoBatch         sub-devices per topo/add or topo/delete request
 * @param registerBatch     sub-devices per thing/sub/register request
 * @param loginBatch        sub-devices per batch_login / batch_logout (all-or-nothing)
 * @param maxSubDevices     sub-devices per gateway, in its topology and online at once
 * @param loginsPerSecond   sub-device logins per second per gateway; 0 turns the limit off
 * @param maxPayloadBytes   largest payload the platform accepts from a device
 * @param messageLogSize    device-to-cloud messages kept in the message log
 * @param messageLogBytes   bytes (payloads and topics) kept in the message log; the oldest messages go first
 */
public record Limits(int topoBatch, int registerBatch, int loginBatch, int maxSubDevices, int loginsPerSecond,
                     int maxPayloadBytes, int messageLogSize, int messageLogBytes) {

    public static final int DEFAULT_MESSAGE_LOG_BYTES = 64 * 1024 * 1024;

    public static final Limits PLATFORM = new Limits(30, 30, 50, 2000, 200, 256 * 1024, 100_000,
            DEFAULT_MESSAGE_LOG_BYTES);

    public Limits {
        requirePositive("topoBatch", topoBatch);
        requirePositive("registerBatch", registerBatch);
        requirePositive("loginBatch", loginBatch);
        requirePositive("maxSubDevices", maxSubDevices);
        if (loginsPerSecond < 0) {
            throw new IllegalArgumentException("loginsPerSecond must be 0 (off) or positive, was " + loginsPerSecond);
        }
        requirePositive("maxPayloadBytes", maxPayloadBytes);
        requirePositive("messageLogSize", messageLogSize);
        requirePositive("messageLogBytes", messageLogBytes);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    public Limits withLoginsPerSecond(int perSecond) {
        return new Limits(topoBatch, registerBatch, loginBatch, maxSubDevices, perSecond, maxPayloadBytes,
                messageLogSize, messageLogBytes);
    }

    public Limits withMaxSubDevices(int max) {
        return new Limits(topoBatch, registerBatch, loginBatch, max, loginsPerSecond, maxPayloadBytes, messageLogSize,
                messageLogBytes);
    }

    public Limits withMessageLogSize(int size) {
        return new Limits(topoBatch, registerBatch, loginBatch, maxSubDevices, loginsPerSecond, maxPayloadBytes, size,
                messageLogBytes);
    }

    public Limits withMessageLogBytes(int bytes) {
        return new Limits(topoBatch, registerBatch, loginBatch, maxSubDevices, loginsPerSecond, maxPayloadBytes,
                messageLogSize, bytes);
    }
}
