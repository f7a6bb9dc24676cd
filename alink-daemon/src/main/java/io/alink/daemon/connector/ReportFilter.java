package io.alink.daemon.connector;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Picks which of a poll's values to report under a {@link ReportPolicy}. A number counts as changed when it moved
 * more than the deadband from the value last reported (not the last read, so a slow drift is reported once it adds
 * up); anything else when it is not equal. Not thread-safe: one device's polls come one after another.
 */
public final class ReportFilter {

    private final ReportPolicy policy;
    private final Map<String, Object> reported = new HashMap<>();
    private long lastFullMillis;
    private boolean fullDue = true;

    public ReportFilter(ReportPolicy policy) {
        this.policy = policy;
    }

    /** The values to report now, in the order given; all of them when a full report is due. */
    public Map<String, Object> select(Map<String, Object> values, long nowMillis) {
        if (fullDue || nowMillis - lastFullMillis >= policy.every().toMillis()) {
            fullDue = false;
            lastFullMillis = nowMillis;
            reported.putAll(values);
            return values;
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        if (policy.onChange()) {
            values.forEach((identifier, value) -> {
                if (isChange(reported.get(identifier), value)) {
                    changed.put(identifier, value);
                    reported.put(identifier, value);
                }
            });
        }
        return changed;
    }

    /** The next poll reports every value: the cloud has not heard of this device for a while. */
    public void reportAllNext() {
        fullDue = true;
    }

    private boolean isChange(Object before, Object now) {
        if (before instanceof Number old && now instanceof Number current) {
            return Math.abs(current.doubleValue() - old.doubleValue()) > policy.deadband();
        }
        return !Objects.equals(before, now);
    }
}
