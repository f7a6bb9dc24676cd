package io.alink.protocol;

import java.time.Duration;
import java.util.Optional;

/**
 * What the platform takes in one pack/post or history/post message, in one place. Alibaba's "gateway reports data in
 * batches" page: "a gateway can report a maximum of 200 properties and 20 events at a time" and "the data of a
 * maximum of 20 sub-devices at a time". Counts are per message: the gateway's own values and all its sub-devices'
 * together.
 */
public record PackLimits(int subDevices, int properties, int events) {

    /** pack/post, as documented. */
    public static final PackLimits PACK = new PackLimits(20, 200, 20);
    /**
     * UNCONFIRMED: the history/post page states no limit; the pack/post limits are assumed (a history message is the
     * same values with older times, and the platform's 200-property cap of property/post, code 6106, is the same).
     */
    public static final PackLimits HISTORY = PACK;
    /**
     * The reply code of a message over a limit, a count or the 24 h ahead. UNCONFIRMED: the pack/post page names
     * none; 460 is the code the error table gives for "the number of parameters exceeds the limit".
     */
    public static final int OVER_LIMIT_CODE = ReplyCode.REQUEST_PARAMETER_ERROR;
    /** A value's time may be at most this far ahead of the platform's clock ("within 24 hours"), documented. */
    public static final Duration MAX_AHEAD = Duration.ofHours(24);

    /** Why a message with these counts is over a limit, naming the count and the limit; empty when within. */
    public Optional<String> problem(int subDevices, int properties, int events) {
        if (subDevices > this.subDevices) {
            return Optional.of(over(subDevices, "sub-devices", this.subDevices));
        }
        if (properties > this.properties) {
            return Optional.of(over(properties, "properties", this.properties));
        }
        if (events > this.events) {
            return Optional.of(over(events, "events", this.events));
        }
        return Optional.empty();
    }

    /** Why a message whose latest value time is {@code latest} is refused at {@code now} (epoch ms); empty if not. */
    public static Optional<String> aheadProblem(long latest, long now) {
        return latest > now + MAX_AHEAD.toMillis()
                ? Optional.of("a value's time (" + latest + ") is more than 24 h ahead of the platform's clock")
                : Optional.empty();
    }

    private static String over(int count, String what, int limit) {
        return count + " " + what + " in one message; at most " + limit;
    }
}
