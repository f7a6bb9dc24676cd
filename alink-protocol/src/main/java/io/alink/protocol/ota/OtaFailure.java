package io.alink.protocol.ota;

import java.util.Optional;

/** The platform's negative progress steps: how an upgrade failed. */
public enum OtaFailure {
    /** Step -1: the upgrade failed (for a reason none of the others name). */
    UPGRADE_FAILED(-1),
    /** Step -2: the file could not be downloaded. */
    DOWNLOAD_FAILED(-2),
    /** Step -3: the file's size or sign did not match the notice. */
    VERIFY_FAILED(-3),
    /** Step -4: the file could not be written to the device's flash. */
    FLASH_FAILED(-4);

    private final int step;

    OtaFailure(int step) {
        this.step = step;
    }

    /**
     * The step sent for this failure.
     *
     * @return -1 to -4
     */
    public int step() {
        return step;
    }

    /**
     * The failure a step stands for.
     *
     * @param step a progress step
     * @return the failure, empty for a step that is no failure step
     */
    public static Optional<OtaFailure> ofStep(int step) {
        for (OtaFailure failure : values()) {
            if (failure.step == step) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }
}
