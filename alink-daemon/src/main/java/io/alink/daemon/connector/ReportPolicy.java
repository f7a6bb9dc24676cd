package io.alink.daemon.connector;

import java.time.Duration;

/**
 * When a field device's readings go up: a change beyond the deadband at once (if onChange), and every value at least
 * every {@code every}, so the cloud hears from a device whose values stand still.
 */
public record ReportPolicy(boolean onChange, double deadband, Duration every) {

    public static final ReportPolicy DEFAULT = new ReportPolicy(true, 0.0, Duration.ofMinutes(1));

    public ReportPolicy {
        if (deadband < 0 || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("need deadband >= 0 and every > 0, was " + deadband + " and " + every);
        }
    }
}
