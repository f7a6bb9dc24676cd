package io.alink.bench;

import io.alink.protocol.DeviceId;
import java.net.URI;
import java.util.List;

/**
 * Adapters posting properties to a southbound API as fast as it answers, each with one keep-alive HTTP/1.1
 * connection and one post in flight. Together they send a fixed number of posts, spread over the sub-devices in turn.
 */
interface PostLoad {

    /**
     * One run: posts answered 202, posts refused or failed, seconds from the first post to the last answer, and the
     * 202's latency percentiles in microseconds.
     */
    record Result(long accepted, long refused, double seconds, double p50Micros, double p99Micros, double maxMicros) {

        double perSecond() {
            return accepted / seconds;
        }
    }

    /**
     * Sends {@code posts} posts from {@code adapters} adapters to the API at {@code southbound}; blocks until done. A
     * load that stops its connections in groups may have a few more answered (at most one per adapter), counted too.
     */
    Result run(URI southbound, List<DeviceId> devices, int adapters, int posts);

    /** What sends the posts, for the table. */
    String describe();

    /** {@link WrkPosts} where Debian's wrk is installed: it leaves the cores to the server under test; else Java's. */
    static PostLoad best() {
        return WrkPosts.installed() ? new WrkPosts() : new JavaHttpPosts();
    }

    static String path(DeviceId device) {
        return "/v1/devices/" + device.productKey() + "/" + device.deviceName() + "/properties";
    }

    /** Post number {@code n}'s body: its number, so that each post is a message of its own, and one reading. */
    static String body(long n) {
        return "{\"n\":" + n + ",\"temperature\":21.5}";
    }
}
