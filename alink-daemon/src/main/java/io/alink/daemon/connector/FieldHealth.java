package io.alink.daemon.connector;

import io.alink.protocol.DeviceId;
import java.time.Instant;

/**
 * The link to one field device as its polls go: answered or not, the last error, and whether its sub-device is held
 * offline. After {@code maxFailedPolls} polls in a row without an answer the sub-device is to be logged out; the
 * first answer after that brings it back. Thread-safe: polls, writes and status readers meet here.
 */
public final class FieldHealth {

    private final String connector;
    private final DeviceId device;
    private final int maxFailedPolls;
    private FieldStatus.Link link = FieldStatus.Link.UNKNOWN;
    private int failedPolls;
    private boolean heldOffline;
    private String lastError;
    private Instant lastErrorAt;
    private Instant lastGoodRead;

    public FieldHealth(String connector, DeviceId device, int maxFailedPolls) {
        this.connector = connector;
        this.device = device;
        this.maxFailedPolls = maxFailedPolls;
    }

    /**
     * A poll was answered (in part at least).
     *
     * @return true when the sub-device was held offline and is to be brought back
     */
    public synchronized boolean answered(Instant now) {
        link = FieldStatus.Link.UP;
        failedPolls = 0;
        lastGoodRead = now;
        boolean wasHeld = heldOffline;
        heldOffline = false;
        return wasHeld;
    }

    /**
     * A poll got no answer at all.
     *
     * @return true when the sub-device is to be held offline (again: the caller's logout is idempotent)
     */
    public synchronized boolean failed(String error, Instant now) {
        link = FieldStatus.Link.DOWN;
        failedPolls++;
        error(error, now);
        if (failedPolls >= maxFailedPolls) {
            heldOffline = true;
        }
        return heldOffline;
    }

    /** A fault that did not cost the poll its answer: a refused read, a value that cannot be decoded. */
    public synchronized void error(String error, Instant now) {
        lastError = error;
        lastErrorAt = now;
    }

    public synchronized int failedPolls() {
        return failedPolls;
    }

    public synchronized boolean isUp() {
        return link == FieldStatus.Link.UP;
    }

    public synchronized FieldStatus status() {
        return new FieldStatus(connector, device, link, lastError, lastErrorAt, lastGoodRead);
    }
}
