package io.alink.bench;

import java.time.Duration;

/**
 * What a soak does: how long the load runs, how fast, through how many adapters for how many sub-devices, how often
 * the daemon is read and how often the platform restarts (each restart is one reconnection of the daemon).
 *
 * @param duration       how long the adapters post
 * @param ratePerSecond  posts per second, all adapters together
 * @param adapters       adapter threads, each with one keep-alive connection
 * @param subDevices     sub-devices of the gateway, shared out among the adapters
 * @param sampleEvery    time between two readings of the daemon process
 * @param reconnectEvery time between two restarts of the platform
 */
record SoakPlan(Duration duration, int ratePerSecond, int adapters, int subDevices, Duration sampleEvery,
                Duration reconnectEvery) {

    static final int DEFAULT_RATE = 500;
    static final int DEFAULT_ADAPTERS = 4;
    static final int DEFAULT_SUB_DEVICES = 50;
    static final Duration DEFAULT_SAMPLE_EVERY = Duration.ofMinutes(1);
    static final int DEFAULT_RESTART_MINUTES = 3;
    static final Duration DEFAULT_RECONNECT_EVERY = Duration.ofMinutes(DEFAULT_RESTART_MINUTES);
    /** Every accepted post stays in the platform's message log until it is checked: this bounds that log. */
    static final long MAX_POSTS = 10_000_000;

    SoakPlan {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the soak must last some time, not " + duration);
        }
        if (ratePerSecond < 1 || adapters < 1 || subDevices < adapters) {
            throw new IllegalArgumentException("expected a rate of at least 1 post/s (was " + ratePerSecond
                    + ") and at least one adapter (was " + adapters + ") with a sub-device of its own (" + subDevices
                    + " sub-devices)");
        }
        if (sampleEvery.isNegative() || sampleEvery.isZero() || reconnectEvery.isNegative() || reconnectEvery.isZero()) {
            throw new IllegalArgumentException("the sample and reconnection intervals must be positive");
        }
        if (ratePerSecond * (duration.toMillis() / 1000.0) > MAX_POSTS) {
            throw new IllegalArgumentException("at most " + MAX_POSTS + " posts per soak (rate x duration), since each"
                    + " is kept in the platform's message log until checked");
        }
    }

    /** The defaults: 500 posts/s by 4 adapters for 50 sub-devices, a reading each minute, a restart every 3. */
    static SoakPlan ofMinutes(int minutes) {
        return new SoakPlan(Duration.ofMinutes(minutes), DEFAULT_RATE, DEFAULT_ADAPTERS, DEFAULT_SUB_DEVICES,
                DEFAULT_SAMPLE_EVERY, DEFAULT_RECONNECT_EVERY);
    }

    SoakPlan withRate(int perSecond) {
        return new SoakPlan(duration, perSecond, adapters, subDevices, sampleEvery, reconnectEvery);
    }

    SoakPlan withAdapters(int count) {
        return new SoakPlan(duration, ratePerSecond, count, subDevices, sampleEvery, reconnectEvery);
    }

    SoakPlan withSampleEvery(Duration every) {
        return new SoakPlan(duration, ratePerSecond, adapters, subDevices, every, reconnectEvery);
    }

    SoakPlan withReconnectEvery(Duration every) {
        return new SoakPlan(duration, ratePerSecond, adapters, subDevices, sampleEvery, every);
    }

    /** The most posts the adapters make: the rate kept for the whole duration. */
    long maxPosts() {
        return (long) Math.ceil(ratePerSecond * (duration.toMillis() / 1000.0));
    }
}
