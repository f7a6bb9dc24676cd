package io.alink.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The latest cloud-to-device requests, by topic and envelope id: the platform may deliver one twice (through the
 * client's own subscription and its server-side one), and each must be handled once. Used on the inbound thread only.
 */
final class RecentDownlinks {
    /** How many downlink requests are remembered to recognise a second delivery of the same one. */
    private static final int REMEMBERED = 1024;

    private record Downlink(String topic, String id) {
    }

    private final Set<Downlink> recent = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Downlink, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** True the first time this request is seen; false for a second delivery. */
    boolean firstDelivery(String topic, String id) {
        return recent.add(new Downlink(topic, id));
    }
}
