package io.alink.bench;

import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak's adapters: each a thread with one keep-alive HTTP connection, posting the properties of its share of the
 * sub-devices to the daemon's southbound API at a steady pace, one post at a time. Every post carries a number of its
 * own ({@value #NUMBER}), so that the platform's message log shows which accepted posts arrived.
 *
 * <p>Adapter {@code a} of {@code n} posts numbers {@code a, a + n, a + 2n ...}. A post answered 202 is accepted (the
 * daemon journaled it); anything else is refused, and a post the connection broke under has failed.
 */
final class SoakLoad implements AutoCloseable {

    /** The property carrying the post's number. */
    static final String NUMBER = "soakNumber";

    private static final Logger log = LoggerFactory.getLogger(SoakLoad.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Further behind than this, an adapter drops the missed posts rather than bursting to catch up. */
    private static final Duration MAX_LAG = Duration.ofSeconds(1);

    private final URI southbound;
    private final List<DeviceId> devices;
    private final int adapters;
    private final long intervalNanos;
    private final long maxPosts;
    private final long deadline;
    private final List<BitSet> acceptedBy = new ArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts posting at once; stops after {@code plan.maxPosts()} posts or the plan's duration, whichever first. */
    SoakLoad(URI southbound, List<DeviceId> devices, SoakPlan plan) {
        this.southbound = southbound;
        this.devices = List.copyOf(devices);
        this.adapters = plan.adapters();
        this.intervalNanos = Math.round(1e9 * plan.adapters() / plan.ratePerSecond());
        this.maxPosts = plan.maxPosts();
        this.deadline = System.nanoTime() + plan.duration().toNanos();
        for (int a = 0; a < adapters; a++) {
            int adapter = a;
            acceptedBy.add(new BitSet());
            Thread thread = new Thread(() -> post(adapter), "soak-adapter-" + a);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    long accepted() {
        return accepted.get();
    }

    long refused() {
        return refused.get();
    }

    long failed() {
        return failed.get();
    }

    /** Stops posting and waits for the posts under way; the numbers of the accepted posts. */
    BitSet stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            // a post under way ends within its timeout
            thread.join(REQUEST_TIMEOUT.toMillis() * 2);
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop");
            }
        }
        BitSet all = new BitSet();
        acceptedBy.forEach(all::or);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void post(int adapter) {
        List<DeviceId> share = IntStream.range(0, devices.size()).filter(i -> i % adapters == adapter)
                .mapToObj(devices::get).toList();
        BitSet mine = acceptedBy.get(adapter);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT).build();
        long next = System.nanoTime();
        for (long k = 0; running; k++) {
            long number = k * adapters + adapter;
            if (number >= maxPosts || next - deadline >= 0) {
                return;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > MAX_LAG.toNanos()) {
                next = System.nanoTime();
            }
            next += intervalNanos;
            DeviceId device = share.get((int) (k % share.size()));
            if (send(http, device, number)) {
                // read only after this thread ended (stop() joins it)
                mine.set((int) number);
            }
        }
    }

    private boolean send(HttpClient http, DeviceId device, long number) {
        HttpRequest request = HttpRequest.newBuilder(southbound.resolve("/v1/devices/" + device.productKey() + "/"
                        + device.deviceName() + "/properties"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"" + NUMBER + "\":" + number + ",\"temperature\":21.5}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                accepted.incrementAndGet();
                return true;
            }
            if (refused.incrementAndGet() <= 5) {
                log.warn("Post {} of {} refused: {} {}", number, device, response.statusCode(), response.body());
            }
        } catch (IOException e) {
            if (failed.incrementAndGet() <= 5) {
                log.warn("Post {} of {} failed: {}", number, device, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return false;
    }
}
