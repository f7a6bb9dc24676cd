package io.alink.protocol;

import java.util.Optional;

/**
 * The {@code status} of a {@code thing/topo/change} notice: what the platform did to a gateway's sub-devices on its own
 * (the console, an API call), so that the gateway can follow.
 */
public enum TopoChangeStatus {
    /** Added to the gateway's topology. */
    CREATED(0),
    /** Removed from the topology: its session is gone. */
    DELETED(1),
    /** Enabled again. */
    ENABLED(2),
    /** Disabled: its session is gone and it cannot log in. */
    DISABLED(8);

    private final int code;

    TopoChangeStatus(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** Whether a sub-device with this status is no longer logged in. */
    public boolean endsSession() {
        return this == DELETED || this == DISABLED;
    }

    /** The status with this number; empty for a number the platform does not document. */
    public static Optional<TopoChangeStatus> of(int code) {
        for (TopoChangeStatus status : values()) {
            if (status.code == code) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
