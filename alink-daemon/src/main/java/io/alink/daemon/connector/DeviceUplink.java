package io.alink.daemon.connector;

import io.alink.protocol.DeviceId;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One field device's side of the {@link Uplink}: its readings and events journaled (a failure said once until they
 * go through again), and its link followed through its {@link FieldHealth}: the sub-device logged out after too many
 * failures in a row, and back in at the first answer. Thread-safe.
 */
public final class DeviceUplink {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceUplink.class);

    private final DeviceId device;
    private final String where;
    private final String attempts;
    private final Uplink uplink;
    private final FieldHealth health;
    private final ConnectorMetrics.DeviceMeters meters;
    private final int maxFailures;
    private volatile boolean journalFailing;

    /**
     * @param where       the field device, for logs ({@code unit 1 at tcp://...})
     * @param attempts    what failed in a row, for logs ({@code polls})
     * @param maxFailures failures in a row that log the sub-device out, as {@code health} counts them
     */
    public DeviceUplink(DeviceId device, String where, String attempts, Uplink uplink, FieldHealth health,
                        ConnectorMetrics.DeviceMeters meters, int maxFailures) {
        this.device = device;
        this.where = where;
        this.attempts = attempts;
        this.uplink = uplink;
        this.health = health;
        this.meters = meters;
        this.maxFailures = maxFailures;
    }

    /**
     * The field device answered.
     *
     * @return true when its sub-device was held offline and is now being logged in again
     */
    public boolean answered(Instant now) {
        if (!health.answered(now)) {
            return false;
        }
        LOG.info("Field device of {} ({}) answers again; logging the sub-device in", device, where);
        uplink.fieldUp(device).exceptionally(error -> {
            LOG.warn("Logging {} in again failed ({}); the next bring-up does it", device, error.toString());
            return null;
        });
        return true;
    }

    /**
     * The field device did not answer at all; after {@code maxFailures} in a row its sub-device is logged out.
     *
     * @return the failures in a row, this one included
     */
    public int failed(String error, Instant now) {
        boolean hold = health.failed(error, now);
        int failures = health.failedPolls();
        if (failures == 1) {
            LOG.warn("Field device of {} ({}) did not answer: {}", device, where, error);
        }
        if (hold) {
            if (failures == maxFailures) {
                LOG.warn("Field device of {} ({}) failed {} {} in a row; logging the sub-device out until it"
                        + " answers", device, where, failures, attempts);
            }
            uplink.fieldDown(device).exceptionally(logout -> {
                LOG.debug("Logging {} out: {}", device, logout.toString());
                return null;
            });
        }
        return failures;
    }

    /** Whether the cloud disabled the sub-device: its field device is not to be polled meanwhile. */
    public boolean isDisabled() {
        return uplink.isDisabled(device);
    }

    /**
     * Journals a property post of {@code values} read at {@code readAtMillis}; nothing when there are none or the
     * sub-device is disabled.
     */
    public void report(Map<String, Object> values, long readAtMillis) {
        if (values.isEmpty() || isDisabled()) {
            return;
        }
        uplink.report(device, values, readAtMillis).whenComplete((seq, error) -> {
            if (error == null) {
                meters.reported(values.size());
            }
            journaled(error, "Readings");
        });
    }

    /** Journals event {@code identifier} with its output {@code params}, as it happened at {@code timeMillis}. */
    public void event(String identifier, Map<String, Object> params, long timeMillis) {
        if (isDisabled()) {
            return;
        }
        uplink.event(device, identifier, params, timeMillis).whenComplete((seq, error) -> {
            if (error == null) {
                meters.eventReported();
            }
            journaled(error, "Event " + identifier);
        });
    }

    private void journaled(Throwable error, String what) {
        if (error == null) {
            journalFailing = false;
        } else if (!journalFailing) {
            // said once until messages are journaled again: a refused sub-device would repeat it every poll
            journalFailing = true;
            LOG.warn("{} of {} not journaled: {}", what, device, error.toString());
        }
    }
}
