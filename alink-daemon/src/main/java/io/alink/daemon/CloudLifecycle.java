package io.alink.daemon;

import io.alink.gateway.LifecycleEvent;
import io.alink.gateway.LifecycleListener;
import io.alink.protocol.DeviceId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon does when the cloud disables, enables or deletes a sub-device, or asks the gateway to add
 * sub-devices: a disabled sub-device stays offline (not brought up, not polled, its adapter's messages refused with
 * 409) until enabled; a deleted one until the daemon restarts; of the sub-devices the cloud asks for, those in
 * gateway.yaml are brought up (added to the topology and logged in), the others logged.
 */
final class CloudLifecycle implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(CloudLifecycle.class);

    private final SubDevices devices;
    private final Runnable bringUpSoon;

    /** @param bringUpSoon runs a bring-up of whatever sub-devices are not online, on the daemon's lifecycle thread */
    CloudLifecycle(SubDevices devices, Runnable bringUpSoon) {
        this.devices = devices;
        this.bringUpSoon = bringUpSoon;
    }

    @Override
    public void onEvent(LifecycleEvent event) {
        if (event instanceof LifecycleEvent.Disabled disabled) {
            if (devices.disabled(disabled.device(), true)) {
                LOG.warn("Sub-device {} was disabled in the cloud: offline, not polled, its adapter's messages"
                        + " refused until the cloud enables it", disabled.device());
            }
        } else if (event instanceof LifecycleEvent.Enabled enabled) {
            if (devices.disabled(enabled.device(), false) && devices.wanted(enabled.device())) {
                LOG.info("Sub-device {} was enabled in the cloud; bringing it up", enabled.device());
                bringUpSoon.run();
            }
        } else if (event instanceof LifecycleEvent.Deleted deleted) {
            devices.deleted(deleted.device());
            LOG.warn("Sub-device {} was deleted in the cloud; it stays offline", deleted.device());
        } else if (event instanceof LifecycleEvent.TopoAddRequested requested) {
            add(requested.subDevices());
        }
    }

    private void add(List<DeviceId> requested) {
        List<DeviceId> unknown = requested.stream().filter(device -> !devices.wanted(device)).toList();
        if (!unknown.isEmpty()) {
            LOG.warn("The cloud asks to add {} sub-devices that gateway.yaml does not hold (no credentials), not"
                    + " added: {}", unknown.size(), unknown);
        }
        if (unknown.size() < requested.size()) {
            LOG.info("The cloud asks to add {} sub-devices of gateway.yaml; bringing them up",
                    requested.size() - unknown.size());
            bringUpSoon.run();
        }
    }
}
