package io.alink.daemon.connector;

import io.alink.protocol.DeviceId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What a connector needs of the cloud side: the daemon's gateway client and its sub-devices. */
public interface Uplink {

    /**
     * Journals a property post of the sub-device (through the outbox, as the southbound API does).
     *
     * @param readAtMillis when the field device was read (epoch ms): the values' time on the platform
     */
    CompletableFuture<?> report(DeviceId device, Map<String, Object> properties, long readAtMillis);

    /**
     * Journals event {@code identifier} of the sub-device with its output {@code params} (through the outbox, as the
     * southbound API does).
     *
     * @param timeMillis when the event happened (epoch ms): the event's time on the platform
     */
    CompletableFuture<?> event(DeviceId device, String identifier, Map<String, Object> params, long timeMillis);

    /** Whether the cloud disabled the sub-device: its field device is not polled, nothing of it is reported. */
    boolean isDisabled(DeviceId device);

    /** Its field device stopped answering: log the sub-device out and keep it out of bring-ups. Idempotent. */
    CompletableFuture<?> fieldDown(DeviceId device);

    /** Its field device answers again: let the sub-device be brought up, and log it in now if connected. */
    CompletableFuture<?> fieldUp(DeviceId device);
}
