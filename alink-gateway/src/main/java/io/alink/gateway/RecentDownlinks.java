package io.alink.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The latest downlink calls, by topic and id, to recognise a second delivery of the same one: the platform may
 * deliver a call twice (through the client's own subscription and its server-side one). Touched only on the inbound
 * thread.
 */
final class RecentDownlinks {

    /** How many downlink calls are remembered. */
    private static final int REMEMBERED = 1024;

    private record Downlink(String topic, String id) {
    }

    private final Set<Downlink> recent = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Downlink, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** @return true the first time {@code topic} and {@code id} are seen, false for a second delivery */
    boolean first(String topic, String id) {
        return recent.add(new Downlink(topic, id));
    }
}
