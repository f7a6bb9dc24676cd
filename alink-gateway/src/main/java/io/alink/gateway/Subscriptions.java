package io.alink.gateway;

import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicFilters;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client subscribes: the gateway's system topics, and the application's subscriptions with their handlers.
 * After a reconnection the system topics and the gateway's own subscriptions are restored at once, a sub-device's
 * once it is logged in again (the platform takes a sub-device's SUBSCRIBE only then).
 */
final class Subscriptions {

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private static final int SYSTEM_SUBSCRIPTION_QOS = 1;

    private record Subscription(String filter, int qos, Consumer<TopicMessage> handler, Executor executor) {
    }

    /** A topic the client subscribes for every logged-in sub-device, the filter made from the sub-device's id. */
    private record PerSubDevice(Function<DeviceId, String> filter, int qos) {
    }

    private final DeviceId gateway;
    private final Transport transport;
    private final ClientThreads threads;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final List<PerSubDevice> perSubDevice = new CopyOnWriteArrayList<>();

    Subscriptions(DeviceId gateway, Transport transport, ClientThreads threads) {
        this.gateway = gateway;
        this.transport = transport;
        this.threads = threads;
    }

    /** Subscribes {@code filter} (checked by the caller); completes on SUBACK. */
    CompletableFuture<Void> subscribe(String filter, int qos, Consumer<TopicMessage> handler) {
        // one serial executor per subscription: its messages in order, and a slow handler holds up only its own
        Subscription subscription = new Subscription(filter, qos, handler, new SerialExecutor(threads.callbacks()));
        // in place before the SUBSCRIBE: a message may follow the SUBACK at once
        subscriptions.put(filter, subscription);
        return threads.withTimeout(Async.attempt(() -> transport.subscribe(List.of(filter), qos)),
                        "subscribe " + filter)
                .thenAccept(granted -> {
                    if (!granted.get(0)) {
                        throw new GatewayException("the platform refused the subscription to " + filter);
                    }
                })
                .whenComplete((done, error) -> {
                    if (error != null) {
                        subscriptions.remove(filter, subscription);
                    }
                });
    }

    CompletableFuture<Void> unsubscribe(String filter) {
        return threads.withTimeout(Async.attempt(() -> transport.unsubscribe(List.of(filter))),
                        "unsubscribe " + filter)
                .thenRun(() -> subscriptions.remove(filter));
    }

    boolean isSubscribed(String filter) {
        return subscriptions.containsKey(filter);
    }

    /** Hands a message to the handler of every application subscription it matches, on the callback executor. */
    void deliver(String topic, byte[] payload, int qos) {
        subscriptions.values().stream()
                .filter(s -> TopicFilters.matches(s.filter(), topic))
                .forEach(s -> s.executor().execute(() -> s.handler().accept(new TopicMessage(topic, payload, qos))));
    }

    /**
     * Subscribes the gateway's system topics: replies to its requests and downlink calls. Failure is only logged: the
     * platform delivers them to a gateway without a SUBSCRIBE anyway; the explicit subscription serves platforms (and
     * brokers) that do not.
     */
    CompletableFuture<Void> subscribeSystemTopics() {
        List<String> filters = systemFilters();
        return Async.attempt(() -> transport.subscribe(filters, SYSTEM_SUBSCRIPTION_QOS)).handle((granted, error) -> {
            if (error != null) {
                log.debug("System topics not subscribed: {}", Async.unwrap(error).getMessage());
            } else if (granted.contains(false)) {
                log.debug("The platform refused {} of {} system subscriptions", granted.stream()
                        .filter(g -> !g).count(), filters.size());
            }
            return null;
        });
    }

    private List<String> systemFilters() {
        return List.of(
                AlinkTopic.of(TopicKind.TOPO_ADD, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.TOPO_DELETE, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.TOPO_GET, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.TOPO_CHANGE, gateway).topic(),
                AlinkTopic.of(TopicKind.TOPO_ADD_NOTIFY, gateway).topic(),
                AlinkTopic.of(TopicKind.LIST_FOUND, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.DISABLE, gateway).topic(),
                AlinkTopic.of(TopicKind.ENABLE, gateway).topic(),
                AlinkTopic.of(TopicKind.DELETE, gateway).topic(),
                AlinkTopic.of(TopicKind.SUB_REGISTER, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.BATCH_LOGIN, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.BATCH_LOGOUT, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.NTP_RESPONSE, gateway).topic(),
                // what the gateway receives as a device: property set, service calls, replies to its posts, errors
                AlinkTopic.of(TopicKind.PROPERTY_SET, gateway).topic(),
                TopicFilters.anyDetail(TopicKind.SERVICE, gateway, false),
                TopicFilters.anyDetail(TopicKind.RRPC_REQUEST, gateway, false),
                TopicFilters.anyDetail(TopicKind.EVENT_POST, gateway, true),
                AlinkTopic.of(TopicKind.ERROR, gateway).topic(),
                // tags, desired values, remote configuration and the shadow
                AlinkTopic.of(TopicKind.DEVICEINFO_UPDATE, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.DEVICEINFO_DELETE, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.PROPERTY_DESIRED_GET, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.PROPERTY_DESIRED_DELETE, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.CONFIG_GET, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.CONFIG_PUSH, gateway).topic(),
                AlinkTopic.of(TopicKind.SHADOW_GET, gateway).topic(),
                // firmware updates
                AlinkTopic.of(TopicKind.OTA_UPGRADE, gateway).topic(),
                AlinkTopic.of(TopicKind.OTA_FIRMWARE_GET, gateway).replyTopic().topic());
    }

    /**
     * Subscribes {@code filter} of each sub-device from now on at its every login (with {@link #restore}), and of
     * those {@code loggedIn} now. Only logged; the platform's refusal leaves nobody to fail.
     */
    CompletableFuture<Void> forEachSubDevice(Function<DeviceId, String> filter, int qos,
                                             Collection<DeviceId> loggedIn) {
        perSubDevice.add(new PerSubDevice(filter, qos));
        if (loggedIn.isEmpty() || !transport.isConnected()) {
            return CompletableFuture.completedFuture(null);
        }
        return subscribeLogged(qos, loggedIn.stream().map(filter).toList());
    }

    /**
     * Subscribes again what the application subscribed to topics of {@code owners}, and the {@link #forEachSubDevice}
     * topics of those that are sub-devices (one SUBSCRIBE per QoS). A refusal is only logged: the application's
     * handler stays registered, and there is nobody to fail.
     */
    CompletableFuture<Void> restore(Collection<DeviceId> owners) {
        Map<Integer, List<String>> byQos = new HashMap<>();
        subscriptions.values().stream()
                .filter(s -> TopicFilters.owner(s.filter()).map(owners::contains).orElse(false))
                .forEach(s -> byQos.computeIfAbsent(s.qos(), qos -> new ArrayList<>()).add(s.filter()));
        for (PerSubDevice each : perSubDevice) {
            owners.stream().filter(owner -> !owner.equals(gateway)).map(each.filter())
                    .forEach(filter -> byQos.computeIfAbsent(each.qos(), qos -> new ArrayList<>()).add(filter));
        }
        return CompletableFuture.allOf(byQos.entrySet().stream()
                .map(entry -> subscribeLogged(entry.getKey(), entry.getValue()))
                .toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> subscribeLogged(int qos, List<String> filters) {
        return Async.attempt(() -> transport.subscribe(filters, qos)).handle((granted, error) -> {
            if (error != null) {
                log.warn("{} subscriptions not restored: {}", filters.size(), Async.unwrap(error).getMessage());
            } else if (granted.contains(false)) {
                log.warn("The platform refused to restore {} of the subscriptions {}",
                        granted.stream().filter(g -> !g).count(), filters);
            }
            return null;
        });
    }
}
