package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.MqttCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link Transport} for tests that play the platform: it records what the client sends, in order, and lets the
 * test deliver messages, lose and regain the connection, and acknowledge QoS 1 publishes or not. Events reach the
 * client on its inbound thread, as the real transport's do. Nothing touches the network.
 */
final class FakeTransport implements Transport {

    /** How long a test waits for the client to send something before it fails; a bound, not a timing. */
    private static final long WAIT_MS = 30_000;

    /** A PUBLISH the client sent. */
    record Publish(String topic, byte[] payload, int qos) {
        AlinkRequest request() {
            return AlinkRequest.parse(payload);
        }

        @Override
        public String toString() {
            return "PUBLISH " + topic + " " + new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A SUBSCRIBE the client sent. */
    record Subscribe(List<String> filters, int qos) {
        @Override
        public String toString() {
            return "SUBSCRIBE " + filters;
        }
    }

    private final List<Object> sent = new ArrayList<>();
    private final Set<Object> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<CompletableFuture<Void>> unacknowledged = new ArrayList<>();
    private boolean acknowledging = true;
    private volatile boolean connected;
    private Listener listener;
    private Executor listenerThread;

    /** A {@link Transport.Factory}: the client hands over its listener and inbound thread. */
    Transport attach(Listener clientListener, Executor clientInbound) {
        this.listener = clientListener;
        this.listenerThread = clientInbound;
        return this;
    }

    // ---- the client's side ------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> connect(MqttCredentials credentials, int keepAliveSeconds) {
        connected = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        if (!connected) {
            return CompletableFuture.failedFuture(new ConnectionException("not connected", null));
        }
        record(new Publish(topic, payload.clone(), qos));
        if (qos == 0 || acknowledging) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> puback = new CompletableFuture<>();
        unacknowledged.add(puback);
        return puback;
    }

    @Override
    public synchronized CompletableFuture<List<Boolean>> subscribe(List<String> filters, int qos) {
        if (!connected) {
            return CompletableFuture.failedFuture(new ConnectionException("not connected", null));
        }
        record(new Subscribe(List.copyOf(filters), qos));
        return CompletableFuture.completedFuture(filters.stream().map(filter -> true).toList());
    }

    @Override
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        connected = false;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    private void record(Object operation) {
        sent.add(operation);
        notifyAll();
    }

    // ---- the platform's side ----------------------------------------------------------------------------------------

    /** The first publish matching {@code which} that no earlier call returned, waiting for it if need be. */
    Publish nextPublish(Predicate<Publish> which) {
        return next(Publish.class, which);
    }

    /** The next publish on {@code topic}. */
    Publish nextPublish(String topic) {
        return nextPublish(publish -> publish.topic().equals(topic));
    }

    Subscribe nextSubscribe(Predicate<Subscribe> which) {
        return next(Subscribe.class, which);
    }

    private synchronized <T> T next(Class<T> type, Predicate<T> which) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            for (Object operation : sent) {
                if (type.isInstance(operation) && !taken.contains(operation) && which.test(type.cast(operation))) {
                    taken.add(operation);
                    return type.cast(operation);
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("the client sent no such " + type.getSimpleName() + "; it sent " + sent);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Everything sent so far, in order: {@link Publish} and {@link Subscribe}. */
    synchronized List<Object> sent() {
        return List.copyOf(sent);
    }

    synchronized List<Publish> publishes(String topic) {
        return sent.stream().filter(Publish.class::isInstance).map(Publish.class::cast)
                .filter(publish -> publish.topic().equals(topic)).toList();
    }

    /** A message from the platform. */
    void deliver(String topic, byte[] payload) {
        listenerThread.execute(() -> listener.message(topic, payload, 0));
    }

    /**
     * A message from the platform, handled before this returns; what escaped the client's handling (and would reach
     * the real transport's thread) is thrown here.
     */
    void deliverNow(String topic, byte[] payload) {
        CompletableFuture.runAsync(() -> listener.message(topic, payload, 0), listenerThread)
                .orTimeout(WAIT_MS, TimeUnit.MILLISECONDS).join();
    }

    /** Everything sent since the last call, forgotten here, so that a long run holds no history. */
    synchronized List<Object> drain() {
        List<Object> drained = List.copyOf(sent);
        sent.clear();
        taken.clear();
        return drained;
    }

    /** The platform's answer to {@code request}, on its reply topic. */
    void reply(Publish request, int code, JsonNode data) {
        String id = request.request().id();
        deliver(request.topic() + "_reply", AlinkReply.error(id, code, "code " + code, data).toBytes());
    }

    void replySuccess(Publish request, JsonNode data) {
        deliver(request.topic() + "_reply", AlinkReply.success(request.request().id(), data).toBytes());
    }

    /**
     * The connection drops: publishes waiting for a PUBACK fail, and the client is told. Returns once the client has
     * handled the loss on its inbound thread.
     */
    void loseConnection() {
        List<CompletableFuture<Void>> failed;
        synchronized (this) {
            connected = false;
            failed = List.copyOf(unacknowledged);
            unacknowledged.clear();
        }
        ConnectionException lost = new ConnectionException("connection lost (fake)", null);
        failed.forEach(puback -> puback.completeExceptionally(lost));
        listenerThread.execute(() -> listener.disconnected(lost));
        settle();
    }

    /** The transport has reconnected on its own, as it does after a loss. */
    void reconnect() {
        connected = true;
        listenerThread.execute(() -> listener.connected(true));
    }

    /** QoS 1 publishes from now on get no PUBACK until {@link #acknowledgePublishes()}. */
    synchronized void withholdPubacks() {
        acknowledging = false;
    }

    /** Acknowledges QoS 1 publishes again, from now on. */
    synchronized void acknowledgePublishes() {
        acknowledging = true;
    }

    /** Returns once the client has handled everything delivered so far (what its inbound thread does at once). */
    void settle() {
        CompletableFuture.runAsync(() -> {
        }, listenerThread).orTimeout(WAIT_MS, TimeUnit.MILLISECONDS).join();
    }
}
