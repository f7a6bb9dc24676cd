package io.alink.emulator.ota;

/** Where one device of an upgrade job stands. */
public enum OtaTargetState {
    /** Waiting for the device to be online, or to ask. */
    QUEUED,
    /** The notice was pushed to the device, or given to it on firmware/get. */
    NOTIFIED,
    /** The device reported a step from 1 to 100. */
    IN_PROGRESS,
    /** The device informed the job's version. */
    SUCCEEDED,
    /** The device reported a failure step (-1 to -4). */
    FAILED;

    /** Whether the device is done with the job, either way. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
