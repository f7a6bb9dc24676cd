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
        if (!policy.onChange()) {
            return new LinkedHashMap<>();
        }
        // while every value so far changed, the answer is values itself: no copy of a poll where all moved
        Map<String, Object> changed = null;
        int seen = 0;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String identifier = entry.getKey();
            Object value = entry.getValue();
            if (isChange(reported.get(identifier), value)) {
                reported.put(identifier, value);
                if (changed != null) {
                    changed.put(identifier, value);
                }
            } else if (changed == null) {
                changed = first(values, seen);
            }
            seen++;
        }
        return changed == null ? values : changed;
    }

    /** The first {@code count} entries of {@code values}, in their order. */
    private static Map<String, Object> first(Map<String, Object> values, int count) {
        Map<String, Object> first = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (first.size() == count) {
                break;
            }
            first.put(entry.getKey(), entry.getValue());
        }
        return first;
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
