package io.alink.bench;

import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapters as Java threads: each with one keep-alive {@code java.net.http} connection and one post in flight, as an
 * adapter that waits for its 202 before the next reading. Together they send a fixed number of posts, spread over the
 * sub-devices; each post's latency is its 202's. It costs the bench's JVM some 150-270 µs of CPU per post, on the cores
 * the server under test shares ({@link WrkPosts} costs far less).
 */
final class JavaHttpPosts implements PostLoad {

    private static final Logger log = LoggerFactory.getLogger(JavaHttpPosts.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOGGED_REFUSALS = 5;

    @Override
    public String describe() {
        return "java.net.http, one thread per adapter";
    }

    @Override
    public Result run(URI southbound, List<DeviceId> devices, int adapters, int posts) {
        List<URI> targets = devices.stream().map(device -> southbound.resolve(PostLoad.path(device))).toList();
        AtomicLong next = new AtomicLong();
        LongAdder refused = new LongAdder();
        long[][] latencies = new long[adapters][];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < adapters; a++) {
            int adapter = a;
            Thread thread = new Thread(() -> latencies[adapter] = post(targets, next, posts, refused),
                    "bench-adapter-" + a);
            threads.add(thread);
            thread.start();
        }
        Runs.joinAll(threads);
        double seconds = Runs.seconds(System.nanoTime() - start);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, refused.sum(), seconds, micros(all, 50), micros(all, 99), micros(all, 100));
    }

    private static double micros(long[] sortedNanos, double percentile) {
        return sortedNanos.length == 0 ? Double.NaN : Runs.percentile(sortedNanos, percentile) / 1e3;
    }
    /** One adapter's posts until the shared count is used up; the latencies of those answered 202. */
    private static long[] post(List<URI> targets, AtomicLong next, int posts, LongAdder refused) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT)
                .build();
        long[] latencies = new long[posts];
        int answered = 0;
        for (long n; (n = next.getAndIncrement()) < posts; ) {
            HttpRequest request = HttpRequest.newBuilder(targets.get((int) (n % targets.size())))
                    .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(PostLoad.body(n))).build();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    latencies[answered++] = System.nanoTime() - sent;
                } else {
                    refused(refused, n, response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                refused(refused, n, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Arrays.copyOf(latencies, answered);
    }

    private static void refused(LongAdder refused, long n, String why) {
        refused.increment();
        if (refused.sum() <= LOGGED_REFUSALS) {
            log.warn("Post {} not accepted: {}", n, why);
        }
    }
}
