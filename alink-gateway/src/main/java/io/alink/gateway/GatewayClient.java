package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.gateway.RecentUplinks.Uplink;
import io.alink.gateway.outbox.DeadLetter;
import io.alink.gateway.outbox.Outbox;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.TopicFilters;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's connection to the Alink platform, carrying its sub-devices: the typed, asynchronous API.
 *
 * <pre>{@code
 * GatewayClient client = GatewayClient.create(GatewayConfig.builder()
 *         .productKey("a1GwPk0001").deviceName("gw01").deviceSecret(secret)
 *         .build());
 * client.connect().join();
 * client.addTopo(List.of(SubDeviceCredentials.of("a1SubPk001", "sub01", subSecret)))
 *       .thenCompose(added -> client.login(List.of(SubDeviceCredentials.of("a1SubPk001", "sub01", subSecret))))
 *       .join();
 * }</pre>
 *
 * <p>Every operation returns a {@link CompletableFuture} completed on the callback executor, never on a network
 * thread. It fails with an {@link AlinkReplyException} when the platform answers with a code other than 200, a
 * {@link RequestTimeoutException} when it does not answer within the request timeout, and a
 * {@link ConnectionException} when there is no connection. Bad input is refused before anything is sent: the method
 * throws an {@link InvalidRequestException} at once.
 *
 * <p>Replies are matched to requests by envelope id (decimal, increasing) and reply topic; a reply nobody waits for
 * any more is dropped, so a reply delivered twice (through the client's own subscription and the platform's
 * server-side one) is processed once. Lists longer than the platform takes in one request are sent in consecutive
 * batches (30 per topology add/delete and registration, 50 per login/logout) and the results merged; logins are
 * paced to {@link GatewayConfig#maxLoginsPerSecond()}.
 *
 * <p>A connection that was up is re-established forever until {@link #close()}, after a random delay that grows with
 * every failed attempt within {@link GatewayConfig#reconnectMinDelay()} and {@link GatewayConfig#reconnectMaxDelay()}.
 * After each reconnection the client subscribes its topics again, logs every sub-device that was logged in back in
 * (with its custom-topic subscriptions), and only then sends the {@linkplain #enqueue outbox}. A sub-device the
 * platform refuses to log in again is reported to the {@link SubDeviceListener}s once and left logged out; one the
 * platform drops (a message answered with code 520) is logged in again and the message sent once more.
 *
 * <p>Thread-safe.
 */
public final class GatewayClient {

    private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

    static final int TOPO_BATCH = 30;
    static final int REGISTER_BATCH = 30;
    static final int LOGIN_BATCH = 50;
    /** Envelope ids are decimal strings of an unsigned 32-bit number. */
    private static final long MAX_ENVELOPE_ID = 4_294_967_295L;
    /** Enough for a few slow handlers without holding up the rest; idle threads end after a minute. */
    private static final int CALLBACK_THREADS = 16;
    /** How many downlink calls are remembered to recognise a second delivery of the same one. */
    private static final int REMEMBERED_DOWNLINKS = 1024;
    private static final int SYSTEM_SUBSCRIPTION_QOS = 1;
    /** The sign method name as LinkSDK 4 writes it (the platform accepts any case). */
    private static final String SIGN_METHOD = "hmacSha256";
    private static final String PROPERTY_POST_METHOD = "thing.event.property.post";
    /** topo/change statuses after which a sub-device's session is gone. */
    private static final int TOPO_DELETED = 1;
    private static final int TOPO_DISABLED = 8;
    /**
     * Whether a topo/change notice is answered (code 200 on {@code thing/topo/change_reply}). The platform's document
     * shows a reply, no SDK sends one (UNCONFIRMED which is needed); a reply nobody waits for is harmless.
     */
    static final boolean REPLY_TO_TOPO_CHANGE = true;
    /**
     * {@code sys.ack} of the property and event posts the outbox builds: 0, no reply. The PUBACK is what the outbox
     * waits for; a reply to each would double the downlink, and ids restart with the process, so a reply to a message
     * journaled by an earlier run could be mistaken for the reply to a request of this one.
     */
    static final int OUTBOX_ENVELOPE_ACK = 0;
    /** Sub-device messages held for a resend after a 520 refusal (see {@link RecentUplinks}). */
    private static final int HELD_UPLINKS = 10_000;
    private static final long HELD_UPLINK_BYTES = 16L * 1024 * 1024;
    /** How long close() waits for the outbox sender to finish what it is doing before closing the journal. */
    private static final long OUTBOX_STOP_WAIT_SECONDS = 5;

    private enum State { NEW, CONNECTING, CONNECTED, CLOSED }

    private record Subscription(String filter, int qos, Consumer<TopicMessage> handler, Executor executor) {
    }

    /** A sub-device message the platform refused for want of a session, to be sent again after its login. */
    private record Refused(Uplink uplink, AlinkReply error) {
    }

    /** The three NTP times the formula needs besides the device's own send time. */
    private record NtpSample(long serverRecvTime, long serverSendTime, long deviceRecvTime) {
    }

    private final GatewayConfig config;
    private final DeviceId gateway;
    private final GatewayStore store;
    private final ThreadPoolExecutor ownCallbackPool;
    private final Executor callbacks;
    /** Runs transport events one at a time, in order: routing is quick and never blocks. */
    private final ThreadPoolExecutor inbound;
    private final ScheduledThreadPoolExecutor timer;
    private final Transport transport;
    private final PendingReplies<AlinkReply> requests;
    private final PendingReplies<NtpSample> ntpRequests;
    private final PendingReplies<String> registrations;
    private final SubDeviceSessions sessions = new SubDeviceSessions();
    private final LoginPacer pacer;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SubDeviceListener> subDeviceListeners = new CopyOnWriteArrayList<>();
    /** Listener calls, one at a time in the order things happened: a "connected" never overtakes its "disconnected". */
    private final SerialExecutor events;
    private final Backoff backoff;
    private final RecentUplinks recentUplinks;
    private final Map<DeviceId, List<Refused>> refused = new ConcurrentHashMap<>();
    /** Null without an outbox. */
    private final Outbox outbox;
    private final ThreadPoolExecutor outboxThread;
    private final OutboxDelivery delivery;
    /** Null without an outbox. */
    private final OutboxDeadLetters deadLetters;
    private final AtomicLong reconnects = new AtomicLong();
    /** Moves on with every lost connection, so that the end of a restore can tell it is out of date. */
    private final AtomicLong connectionEpoch = new AtomicLong();
    private final Object loginChainLock = new Object();
    /** Passes of logging offline sub-devices in again, one after the other. Guarded by loginChainLock. */
    private CompletableFuture<Void> loginChain = CompletableFuture.completedFuture(null);
    private final AtomicBoolean loginRetryScheduled = new AtomicBoolean();
    private final AtomicInteger loginRetries = new AtomicInteger();
    /** Only touched on the inbound thread. */
    private final Set<String> recentDownlinks = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_DOWNLINKS;
        }
    });
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong lastNtpSendTime = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile CompletableFuture<GatewayIdentity> connecting;
    private volatile ServiceHandler serviceHandler;

    private GatewayClient(GatewayConfig config) {
        this.config = config;
        this.gateway = config.gateway();
        this.store = new GatewayStore(config.storeDir());
        // first, so that an outbox that cannot be opened leaves no threads behind
        OutboxLimits outboxLimits = config.outbox().orElse(null);
        this.outbox = outboxLimits == null ? null : new Outbox(config.storeDir(), outboxLimits);
        this.ownCallbackPool = config.callbackExecutor().isPresent() ? null
                : pool(CALLBACK_THREADS, "alink-gateway-callback", new ThreadPoolExecutor.AbortPolicy());
        this.callbacks = config.callbackExecutor().orElse(ownCallbackPool);
        this.events = new SerialExecutor(callbacks);
        // events arriving after close() have nobody to go to
        this.inbound = pool(1, "alink-gateway-inbound", new ThreadPoolExecutor.DiscardPolicy());
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("alink-gateway-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.requests = new PendingReplies<>(timer, config.requestTimeout());
        this.ntpRequests = new PendingReplies<>(timer, config.requestTimeout());
        this.registrations = new PendingReplies<>(timer, config.requestTimeout());
        this.pacer = new LoginPacer(config.maxLoginsPerSecond(), System::currentTimeMillis);
        this.backoff = new Backoff(config.reconnectMinDelay(), config.reconnectMaxDelay());
        // a 520 arrives within a round trip of the message; the request timeout is a generous bound on that
        this.recentUplinks = new RecentUplinks(config.requestTimeout().toMillis(), HELD_UPLINKS, HELD_UPLINK_BYTES,
                System::currentTimeMillis);
        this.transport = new HiveMqTransport(config.endpoint(), config.caFile().orElse(null),
                config.requestTimeout(), backoff, () -> ThreadLocalRandom.current().nextDouble(), new Inbound(),
                inbound);
        if (outbox != null) {
            this.outboxThread = pool(1, "alink-gateway-outbox", new ThreadPoolExecutor.DiscardPolicy());
            this.delivery = new OutboxDelivery(outbox, (device, topic, payload) -> sendUplink(device, topic, payload, 1),
                    this::canSend, outboxThread);
            this.deadLetters = new OutboxDeadLetters(outbox, delivery::drainSoon);
        } else {
            this.outboxThread = null;
            this.delivery = null;
            this.deadLetters = null;
        }
    }

    /** A client for {@code config}; nothing is sent before {@link #connect()}. */
    public static GatewayClient create(GatewayConfig config) {
        return new GatewayClient(Objects.requireNonNull(config, "config"));
    }

    public GatewayConfig config() {
        return config;
    }

    public DeviceId gatewayId() {
        return gateway;
    }

    public boolean isConnected() {
        return transport.isConnected();
    }

    /**
     * Sub-devices logged in through this gateway, including those the client is logging in again after a
     * reconnection; not those the platform refused or removed.
     */
    public Set<DeviceId> loggedIn() {
        return sessions.devices();
    }

    /** Answers service calls and property sets for the gateway and its logged-in sub-devices. */
    public void onServiceCall(ServiceHandler handler) {
        this.serviceHandler = handler;
    }

    /** Told of every connection and disconnection, on the callback executor, in order. */
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Told when the platform refuses a sub-device's login again or removes a sub-device, on the callback executor. */
    public void addSubDeviceListener(SubDeviceListener listener) {
        subDeviceListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Automatic reconnections since this client was created. */
    public long reconnects() {
        return reconnects.get();
    }

    // ---- connection ---------------------------------------------------------------------------------------------

    /**
     * Connects. With only a productSecret configured, first takes the deviceSecret from the store or, if none is
     * stored, registers the gateway and stores the issued secret. Completes with the identity connected with; the
     * identity is stored. Possible once per client (again after a failed attempt).
     */
    public CompletableFuture<GatewayIdentity> connect() {
        if (!state.compareAndSet(State.NEW, State.CONNECTING)) {
            return CompletableFuture.failedFuture(
                    new ConnectionException("connect() needs a new client; this one is " + state.get(), null));
        }
        CompletableFuture<GatewayIdentity> attempt = attempt(this::identity)
                .thenCompose(identity -> transport.connect(credentials(identity), config.keepAliveSeconds())
                        .thenApply(connected -> identity))
                .thenCompose(identity -> subscribeQuietly(gatewayFilters()).thenApply(subscribed -> identity))
                // off the network thread: remembering the identity writes a file
                .whenCompleteAsync((identity, error) -> {
                    if (error == null && state.compareAndSet(State.CONNECTING, State.CONNECTED)) {
                        log.info("Gateway {} connected to {}", gateway, config.endpoint());
                        remember(identity);
                        // told only now, when the identity is stored and the system topics are subscribed
                        notifyListeners(listener -> listener.connected(false));
                        resumeOutbox(connectionEpoch.get());
                    } else {
                        state.compareAndSet(State.CONNECTING, State.NEW);
                    }
                }, inbound);
        connecting = attempt;
        return toCallbacks(attempt);
    }

    private CompletableFuture<GatewayIdentity> identity() {
        String productSecret = config.productSecret().orElse(null);
        if (config.deviceSecret().isPresent()) {
            return CompletableFuture.completedFuture(new GatewayIdentity(gateway.productKey(), gateway.deviceName(),
                    config.deviceSecret().get(), productSecret));
        }
        Optional<GatewayIdentity> stored = store.read()
                .filter(id -> id.deviceId().equals(gateway) && id.deviceSecret() != null);
        if (stored.isPresent()) {
            return CompletableFuture.completedFuture(new GatewayIdentity(gateway.productKey(), gateway.deviceName(),
                    stored.get().deviceSecret(), productSecret));
        }
        log.info("Registering gateway {} ({})", gateway, config.registrationMode());
        return new DynamicRegistration(config, registrations).register(inbound).thenApply(secret -> {
            GatewayIdentity issued = new GatewayIdentity(gateway.productKey(), gateway.deviceName(), secret,
                    productSecret);
            // stored before connecting: the platform issues a secret only until the device is activated
            store.write(issued);
            return issued;
        });
    }

    private MqttCredentials credentials(GatewayIdentity identity) {
        return MqttCredentials.forDevice(gateway, identity.deviceSecret(), SignMethod.HMAC_SHA256,
                Long.toString(System.currentTimeMillis()), config.endpoint().tls(), Map.of("lan", "Java"));
    }

    /** Keeps the store in step with the identity in use, as HaaS keeps its key-value store. */
    private void remember(GatewayIdentity identity) {
        try {
            if (!store.read().equals(Optional.of(identity))) {
                store.write(identity);
            }
        } catch (GatewayException e) {
            log.warn("Connected, but the identity could not be stored: {}", e.getMessage());
        }
    }

    /**
     * Logs out the logged-in sub-devices (when connected), disconnects, fails what still waits for a reply, and
     * ends the client's threads. Idempotent; completes when done.
     */
    public CompletableFuture<Void> close() {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return closed.thenApply(Function.identity());
        }
        CompletableFuture<GatewayIdentity> inFlight = connecting;
        CompletableFuture<Object> settled = inFlight == null ? CompletableFuture.completedFuture(null)
                : inFlight.handle((identity, error) -> null);
        settled.thenCompose(ignored -> {
            // a connection lost earlier was reported then; only one that is up now ends here
            boolean up = transport.isConnected();
            return logoutQuietly()
                    .thenCompose(loggedOut -> transport.disconnect())
                    .thenApply(disconnected -> up);
        }).whenCompleteAsync((wasUp, error) -> shutDown(Boolean.TRUE.equals(wasUp)), inbound);
        return closed.thenApply(Function.identity());
    }

    private CompletableFuture<Void> logoutQuietly() {
        List<DeviceId> online = List.copyOf(sessions.devices());
        if (online.isEmpty() || !transport.isConnected()) {
            return CompletableFuture.completedFuture(null);
        }
        return logoutAll(online).handle((result, error) -> {
            if (error != null) {
                log.warn("Closing without logging out {} sub-devices: {}", online.size(), unwrap(error).getMessage());
            }
            return null;
        });
    }

    private void shutDown(boolean wasConnected) {
        ConnectionException closedError = new ConnectionException("the gateway client was closed", null);
        requests.failAll(closedError);
        ntpRequests.failAll(closedError);
        registrations.failAll(closedError);
        if (wasConnected) {
            notifyListeners(listener -> listener.disconnected(closedError));
        }
        timer.shutdownNow();
        closeOutbox();
        if (ownCallbackPool != null) {
            // queued callbacks still run; the threads end after them
            ownCallbackPool.shutdown();
        }
        inbound.shutdown();
        log.info("Gateway {} closed", gateway);
        closed.complete(null);
    }

    private void closeOutbox() {
        if (outbox == null) {
            return;
        }
        outboxThread.shutdown();
        try {
            if (!outboxThread.awaitTermination(OUTBOX_STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("The outbox sender did not stop within {} s; closing the journal anyway",
                        OUTBOX_STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // what was not acknowledged stays in the journal for the next start
        outbox.close();
    }

    // ---- topology and sessions -----------------------------------------------------------------------------------

    /** Adds sub-devices to the gateway's topology; completes with those the platform confirmed. */
    public CompletableFuture<TopoList> addTopo(Collection<SubDeviceCredentials> subDevices) {
        List<SubDeviceCredentials> list = Validation.distinctDevices(subDevices, SubDeviceCredentials::device,
                "addTopo");
        return start(() -> inBatches("topo add", list, TOPO_BATCH, SubDeviceCredentials::device,
                batch -> request(AlinkTopic.of(TopicKind.TOPO_ADD, gateway), "thing.topo.add",
                        array(batch, sub -> signed(sub).put("signmethod", SIGN_METHOD)), "topo add")
                        .thenApply(GatewayClient::elements))
                .thenApply(GatewayClient::topoList));
    }

    /** The gateway's topology as the platform knows it. */
    public CompletableFuture<TopoList> getTopo() {
        return start(() -> request(AlinkTopic.of(TopicKind.TOPO_GET, gateway), "thing.topo.get", AlinkJson.object(),
                "topo get").thenApply(reply -> topoList(elements(reply))));
    }

    /** Removes sub-devices from the topology; the platform ends their sessions. */
    public CompletableFuture<TopoList> removeTopo(Collection<DeviceId> subDevices) {
        List<DeviceId> list = Validation.distinctDevices(subDevices, Function.identity(), "removeTopo");
        return start(() -> inBatches("topo delete", list, TOPO_BATCH, Function.identity(),
                batch -> request(AlinkTopic.of(TopicKind.TOPO_DELETE, gateway), "thing.topo.delete",
                        array(batch, GatewayClient::identityOf), "topo delete")
                        .thenApply(reply -> {
                            forgetSessions(batch);
                            return elements(reply);
                        }))
                .thenApply(GatewayClient::topoList));
    }

    /**
     * Logs sub-devices in ({@code combine/batch_login}, 50 per request, paced to the login rate). A batch is all or
     * nothing; a refused batch fails the call, with the sub-devices of earlier batches in
     * {@link AlinkReplyException#completed()}.
     */
    public CompletableFuture<LoginResult> login(Collection<SubDeviceCredentials> subDevices) {
        List<SubDeviceCredentials> list = Validation.distinctDevices(subDevices, SubDeviceCredentials::device,
                "login");
        return start(() -> loginAll(list));
    }

    private CompletableFuture<LoginResult> loginAll(List<SubDeviceCredentials> list) {
        return inBatches("login", list, loginBatchSize(), SubDeviceCredentials::device, this::loginBatch)
                .thenApply(elements -> new LoginResult(devicesOf(elements)));
    }

    private int loginBatchSize() {
        return Math.min(LOGIN_BATCH, config.maxLoginsPerSecond());
    }

    /**
     * One batch login. Once the platform confirmed it: messages it refused earlier for want of a session go first,
     * then the sessions count as online, then the sub-devices' topics are subscribed (again, after a reconnection),
     * and their outbox messages may go.
     */
    private CompletableFuture<List<JsonNode>> loginBatch(List<SubDeviceCredentials> batch) {
        ObjectNode params = AlinkJson.object().put("signMethod", SIGN_METHOD);
        params.set("deviceList", array(batch, sub -> signed(sub).put("cleanSession", "false")));
        return after(pacer.reserve(batch.size()))
                .thenCompose(due -> request(AlinkTopic.of(TopicKind.BATCH_LOGIN, gateway), null, params, "login"))
                .thenCompose(reply -> {
                    List<DeviceId> devices = batch.stream().map(SubDeviceCredentials::device).toList();
                    devices.forEach(this::resendRefused);
                    sessions.opened(batch);
                    // No SUBSCRIBE for the sub-devices' system topics: the platform delivers them from the login on
                    // (automatic subscription, _ss=1), and 4 filters per sub-device cost the MQTT client ~650 bytes
                    // of routing tree each and doubled bring-up time (docs/benchmarks.md).
                    return resubscribe(subscriptionsOf(devices))
                            .thenApply(subscribed -> {
                                if (delivery != null) {
                                    delivery.deviceReady();
                                }
                                return elementsOr(reply, devices);
                            });
                });
    }

    /**
     * Logs in again every sub-device that is logged in but has no session on the platform (after a reconnection, or
     * a 520), after any pass already running. Completes when this pass is done, successful or not.
     */
    private CompletableFuture<Void> loginOffline() {
        synchronized (loginChainLock) {
            loginChain = loginChain.handle((done, error) -> null).thenCompose(previous -> loginOfflinePass());
            return loginChain;
        }
    }

    private CompletableFuture<Void> loginOfflinePass() {
        List<SubDeviceCredentials> offline = sessions.offlineCredentials();
        if (offline.isEmpty() || !transport.isConnected() || state.get() == State.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("Logging {} sub-devices in again", offline.size());
        int size = loginBatchSize();
        CompletableFuture<Void> pass = CompletableFuture.completedFuture(null);
        for (int from = 0; from < offline.size(); from += size) {
            List<SubDeviceCredentials> batch = offline.subList(from, Math.min(offline.size(), from + size));
            pass = pass.thenCompose(previous -> loginAgain(batch));
        }
        return pass.whenComplete((done, error) -> retryOfflineLater());
    }

    /**
     * Logs a batch in again. The platform refuses a batch as a whole and names the sub-devices it refused: those are
     * reported and left logged out, and the rest of the batch is tried again without them. Any other failure leaves
     * the batch offline for a later pass.
     */
    private CompletableFuture<Void> loginAgain(List<SubDeviceCredentials> batch) {
        return attempt(() -> loginBatch(batch)).handle((elements, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = unwrap(error);
            List<DeviceId> named = cause instanceof AlinkReplyException refusal
                    ? devicesOf(elements(refusal.data())) : List.of();
            List<DeviceId> refusedHere = batch.stream().map(SubDeviceCredentials::device).filter(named::contains)
                    .toList();
            if (refusedHere.isEmpty()) {
                log.warn("{} sub-devices not logged in again, to be retried: {}", batch.size(), cause.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            AlinkReplyException refusal = (AlinkReplyException) cause;
            refusedHere.forEach(device -> loginRefused(device, refusal.code(), refusal.platformMessage()));
            List<SubDeviceCredentials> rest = batch.stream().filter(sub -> !refusedHere.contains(sub.device()))
                    .toList();
            return rest.isEmpty() ? CompletableFuture.<Void>completedFuture(null) : loginAgain(rest);
        }).thenCompose(Function.identity());
    }

    /** Reported once: the sub-device is forgotten, so no later pass tries it again. */
    private void loginRefused(DeviceId device, int code, String message) {
        log.warn("The platform refused to log {} in again ({} {}); it stays logged out until the application logs it"
                + " in", device, code, message);
        forgetSessions(List.of(device));
        tell(subDeviceListeners, listener -> listener.refused(device, code, message));
    }

    /** Sub-devices still offline after a pass (a timeout, say) get another pass later, with the reconnection delays. */
    private void retryOfflineLater() {
        if (sessions.offlineCredentials().isEmpty()) {
            loginRetries.set(0);
            return;
        }
        if (!transport.isConnected() || state.get() == State.CLOSED || !loginRetryScheduled.compareAndSet(false, true)) {
            // a reconnection starts a pass of its own
            return;
        }
        long delay = backoff.delayMillis(loginRetries.getAndIncrement(), ThreadLocalRandom.current().nextDouble());
        try {
            timer.schedule(() -> {
                loginRetryScheduled.set(false);
                loginOffline();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            loginRetryScheduled.set(false);
        }
    }

    /** Logs sub-devices out ({@code combine/batch_logout}, 50 per request). */
    public CompletableFuture<LoginResult> logout(Collection<DeviceId> subDevices) {
        List<DeviceId> list = Validation.distinctDevices(subDevices, Function.identity(), "logout");
        return start(() -> logoutAll(list));
    }

    private CompletableFuture<LoginResult> logoutAll(List<DeviceId> list) {
        return inBatches("logout", list, LOGIN_BATCH, Function.identity(),
                batch -> request(AlinkTopic.of(TopicKind.BATCH_LOGOUT, gateway), null,
                        array(batch, GatewayClient::identityOf), "logout")
                        .thenApply(reply -> {
                            forgetSessions(batch);
                            return elementsOr(reply, batch);
                        }))
                .thenApply(elements -> new LoginResult(devicesOf(elements)));
    }

    /**
     * Registers pre-created sub-devices of products with dynamic registration enabled ({@code thing/sub/register},
     * 30 per request); completes with the secrets the platform issued. Does not add them to the topology.
     */
    public CompletableFuture<List<SubDeviceCredentials>> registerSubDevices(Collection<DeviceId> subDevices) {
        List<DeviceId> list = Validation.distinctDevices(subDevices, Function.identity(), "registerSubDevices");
        return start(() -> inBatches("sub-device registration", list, REGISTER_BATCH, Function.identity(),
                batch -> request(AlinkTopic.of(TopicKind.SUB_REGISTER, gateway), "thing.sub.register",
                        array(batch, GatewayClient::identityOf), "sub-device registration")
                        .thenApply(GatewayClient::elements))
                .thenApply(elements -> elements.stream().map(GatewayClient::issuedCredentials).toList()));
    }

    private static SubDeviceCredentials issuedCredentials(JsonNode element) {
        DeviceId device = deviceOf(element);
        String secret = AlinkJson.text(element, "deviceSecret");
        if (device == null || secret == null || secret.isEmpty()) {
            throw new GatewayException("a sub-device registration reply lacks productKey, deviceName or deviceSecret");
        }
        return new SubDeviceCredentials(device, secret, AlinkJson.text(element, "iotId"));
    }

    // ---- time -----------------------------------------------------------------------------------------------------

    /**
     * The platform's time: {@code (serverRecv + serverSend + deviceRecv - deviceSend) / 2}. The NTP response carries no
     * envelope id, so requests are told apart by their send time, which is kept unique by moving it on by a
     * millisecond when two would share one.
     */
    public CompletableFuture<NtpTime> ntpTime() {
        return start(() -> {
            long deviceSendTime = lastNtpSendTime.updateAndGet(
                    previous -> Math.max(previous + 1, System.currentTimeMillis()));
            String key = Long.toString(deviceSendTime);
            CompletableFuture<NtpSample> sample = ntpRequests.expect(key, "NTP request");
            byte[] request = AlinkJson.toBytes(AlinkJson.object().put("deviceSendTime", key));
            attempt(() -> transport.publish(AlinkTopic.of(TopicKind.NTP_REQUEST, gateway).topic(), request, 0))
                    .whenComplete((sent, error) -> {
                        if (error != null) {
                            ntpRequests.fail(key, unwrap(error));
                        }
                    });
            return sample.thenApply(s -> NtpTime.of(
                    (s.serverRecvTime() + s.serverSendTime() + s.deviceRecvTime() - deviceSendTime) / 2,
                    config.timeZone()));
        });
    }

    // ---- thing model ---------------------------------------------------------------------------------------------

    /** Posts properties of the gateway or a logged-in sub-device; completes with the reply's data. */
    public CompletableFuture<JsonNode> postProperties(DeviceId device, Map<String, ?> properties) {
        requireOwnDevice(device);
        JsonNode params = paramsOf(properties, "properties");
        return start(() -> request(AlinkTopic.of(TopicKind.PROPERTY_POST, device), PROPERTY_POST_METHOD,
                params, "property post of " + device).thenApply(AlinkReply::data));
    }

    /** Posts event {@code eventId} of the gateway or a logged-in sub-device with its output {@code value}. */
    public CompletableFuture<JsonNode> postEvent(DeviceId device, String eventId, Map<String, ?> value) {
        requireOwnDevice(device);
        AlinkTopic topic = eventTopic(device, eventId);
        JsonNode params = eventParams(value);
        return start(() -> request(topic, eventMethod(eventId), params, "event " + eventId + " of " + device)
                .thenApply(AlinkReply::data));
    }

    private static String eventMethod(String eventId) {
        return "thing.event." + eventId + ".post";
    }

    private static AlinkTopic eventTopic(DeviceId device, String eventId) {
        return AlinkTopic.of(TopicKind.EVENT_POST, device, Validation.identifier("eventId", eventId));
    }

    private static JsonNode eventParams(Map<String, ?> value) {
        ObjectNode params = AlinkJson.object().put("time", System.currentTimeMillis());
        params.set("value", paramsOf(value, "value"));
        return params;
    }

    private static JsonNode paramsOf(Map<String, ?> values, String what) {
        if (values == null) {
            throw new InvalidRequestException(what + " are missing");
        }
        JsonNode params;
        try {
            params = AlinkJson.MAPPER.valueToTree(values);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(what + " cannot be written as JSON");
        }
        Validation.payload(AlinkJson.toBytes(params));
        return params;
    }

    // ---- outbox -------------------------------------------------------------------------------------------------

    /**
     * Journals a QoS 1 message of {@code device} (the gateway or a sub-device) on {@code topic}; completes with its
     * outbox seq once it is committed to disk: accepted means journaled. It is sent while connected and, for a
     * sub-device, once it is logged in (it need not be yet); it leaves the outbox only after the platform's PUBACK.
     * A device's messages go in the order they were enqueued, and after a reconnection its backlog goes before its
     * newer messages. When the outbox is full or a message outlives the age bound, the oldest are dropped and counted
     * ({@link #outboxStats()}).
     *
     * @throws IllegalStateException   when no {@link GatewayConfig.Builder#outbox outbox} is configured
     * @throws InvalidRequestException for bad input, as {@link #publish}; the topic must lie in {@code device}'s
     *                                 namespace
     */
    public CompletableFuture<Long> enqueue(DeviceId device, String topic, byte[] payload) {
        OutboxDelivery journal = requireOutbox();
        requireDevice(device);
        Validation.publishTopic(topic);
        Validation.payload(payload);
        if (!TopicFilters.owner(topic).map(device::equals).orElse(false)) {
            throw new InvalidRequestException("topic " + topic + " is outside the namespace of " + device);
        }
        return start(() -> journal.enqueue(device, topic, payload));
    }

    /** {@link #enqueue} of a property post ({@code thing/event/property/post}) of {@code device}. */
    public CompletableFuture<Long> enqueueProperties(DeviceId device, Map<String, ?> properties) {
        requireOutbox();
        requireDevice(device);
        return enqueue(device, AlinkTopic.of(TopicKind.PROPERTY_POST, device).topic(),
                outboxEnvelope(PROPERTY_POST_METHOD, paramsOf(properties, "properties")));
    }

    /** {@link #enqueue} of event {@code eventId} ({@code thing/event/{eventId}/post}, params {value, time}). */
    public CompletableFuture<Long> enqueueEvent(DeviceId device, String eventId, Map<String, ?> value) {
        requireOutbox();
        requireDevice(device);
        return enqueue(device, eventTopic(device, eventId).topic(),
                outboxEnvelope(eventMethod(eventId), eventParams(value)));
    }

    /** The outbox's counters; all zero when no outbox is configured. */
    public OutboxStats outboxStats() {
        if (delivery == null) {
            return new OutboxStats(0, 0, 0, 0, 0);
        }
        return new OutboxStats(outbox.queuedMessages(), outbox.queuedBytes(), outbox.droppedMessages(),
                delivery.sentMessages(), outbox.deadLetterCount());
    }

    /** Messages of each device waiting in the outbox for an acknowledgement; empty without an outbox. */
    public Map<DeviceId, Long> outboxQueuedByDevice() {
        return delivery == null ? Map.of() : outbox.queuedByDevice();
    }

    private OutboxDelivery requireOutbox() {
        if (delivery == null) {
            throw new IllegalStateException("no outbox is configured (GatewayConfig.Builder.outbox)");
        }
        return delivery;
    }

    private byte[] outboxEnvelope(String method, JsonNode params) {
        return new AlinkRequest(nextId(), AlinkRequest.VERSION, params, method, OUTBOX_ENVELOPE_ACK).toBytes();
    }

    /** Outbox messages go for the gateway whenever delivery runs, for a sub-device while its session is online. */
    private boolean canSend(DeviceId device) {
        return device.equals(gateway) || sessions.isOnline(device);
    }

    private void resumeOutbox(long epoch) {
        if (delivery != null && connectionEpoch.get() == epoch && state.get() != State.CLOSED) {
            delivery.resume();
        }
    }

    // ---- dead letters: the outbox's messages given up after failed sends -----------------------------------------

    /**
     * The outbox's dead letters, oldest first, at most 1,000 ({@link #outboxStats()} counts them all): messages
     * the platform never acknowledged in {@link io.alink.gateway.outbox.Outbox#MAX_ATTEMPTS} sends (it closed the
     * connection each time), which therefore no longer hold up any other message.
     *
     * @throws IllegalStateException when no outbox is configured
     */
    public CompletableFuture<List<DeadLetter>> deadLetters() {
        OutboxDeadLetters letters = requireDeadLetters();
        return start(letters::list);
    }

    /** Deletes a dead letter; fails with {@link NoSuchDeadLetterException} when there is none with that seq. */
    public CompletableFuture<Void> removeDeadLetter(long seq) {
        OutboxDeadLetters letters = requireDeadLetters();
        return start(() -> letters.remove(seq));
    }

    /**
     * Puts a dead letter back at the end of its device's queue, its attempts reset; completes with its new seq. Fails
     * with {@link NoSuchDeadLetterException}, or {@link InvalidRequestException} for a topic that can never be sent.
     */
    public CompletableFuture<Long> requeueDeadLetter(long seq) {
        OutboxDeadLetters letters = requireDeadLetters();
        return start(() -> letters.requeue(seq));
    }

    private OutboxDeadLetters requireDeadLetters() {
        requireOutbox();
        return deadLetters;
    }

    // ---- custom topics ---------------------------------------------------------------------------------------

    /**
     * Subscribes to a topic (or filter) of the gateway or a logged-in sub-device. Messages reach {@code handler} on
     * the callback executor, in order; a slow handler holds up only its own subscription. Completes on SUBACK.
     */
    public CompletableFuture<Void> subscribe(String topicFilter, int qos, Consumer<TopicMessage> handler) {
        Validation.topicFilter(topicFilter);
        Validation.qos(qos);
        if (handler == null) {
            throw new InvalidRequestException("handler is missing");
        }
        requireOwnTopic(topicFilter);
        Subscription subscription = new Subscription(topicFilter, qos, handler, new SerialExecutor(callbacks));
        return start(() -> {
            // in place before the SUBSCRIBE: a message may follow the SUBACK at once
            subscriptions.put(topicFilter, subscription);
            return withTimeout(transport.subscribe(List.of(topicFilter), qos), "subscribe " + topicFilter)
                    .thenAccept(granted -> {
                        if (!granted.get(0)) {
                            throw new GatewayException("the platform refused the subscription to " + topicFilter);
                        }
                    })
                    .whenComplete((done, error) -> {
                        if (error != null) {
                            subscriptions.remove(topicFilter, subscription);
                        }
                    });
        });
    }

    /** Unsubscribes a topic (or filter) subscribed with {@link #subscribe}; completes on UNSUBACK. */
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        Validation.topicFilter(topicFilter);
        if (!subscriptions.containsKey(topicFilter)) {
            requireOwnTopic(topicFilter);
        }
        return start(() -> withTimeout(transport.unsubscribe(List.of(topicFilter)), "unsubscribe " + topicFilter)
                .thenRun(() -> subscriptions.remove(topicFilter)));
    }

    /**
     * Publishes to a topic of the gateway or a logged-in sub-device. Completes when sent (QoS 0) or acknowledged by
     * the platform (QoS 1).
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        Validation.publishTopic(topic);
        Validation.qos(qos);
        Validation.payload(payload);
        DeviceId owner = requireOwnTopic(topic);
        byte[] copy = payload.clone();
        return start(() -> withTimeout(sendUplink(owner, topic, copy, qos), "publish to " + topic));
    }

    /** The device whose namespace {@code topicFilter} lies in: the gateway or a logged-in sub-device. */
    private DeviceId requireOwnTopic(String topicFilter) {
        DeviceId owner = TopicFilters.owner(topicFilter).orElse(null);
        if (owner == null || !owner.equals(gateway) && !sessions.isOpen(owner)) {
            throw new InvalidRequestException("topic " + topicFilter + " is outside the namespace of gateway "
                    + gateway + " and its logged-in sub-devices");
        }
        return owner;
    }

    private static void requireDevice(DeviceId device) {
        if (device == null) {
            throw new InvalidRequestException("device is missing");
        }
    }

    private void requireOwnDevice(DeviceId device) {
        requireDevice(device);
        if (!device.equals(gateway) && !sessions.isOpen(device)) {
            throw new InvalidRequestException(device + " is neither gateway " + gateway + " nor logged in through it");
        }
    }

    // ---- requests ----------------------------------------------------------------------------------------------

    private String nextId() {
        return Long.toString(ids.updateAndGet(last -> last >= MAX_ENVELOPE_ID ? 1 : last + 1));
    }

    private CompletableFuture<AlinkReply> request(AlinkTopic topic, String method, JsonNode params, String what) {
        String id = nextId();
        String key = replyKey(topic.replyTopic().topic(), id);
        CompletableFuture<AlinkReply> reply = requests.expect(key, what);
        byte[] payload = AlinkRequest.of(id, method, params).toBytes();
        sendUplink(topic.device(), topic.topic(), payload, 0).whenComplete((sent, error) -> {
            if (error != null) {
                requests.fail(key, unwrap(error));
            }
        });
        return reply.thenApply(r -> {
            if (!r.isSuccess()) {
                throw new AlinkReplyException(what, r.code(), r.message(), r.data());
            }
            return r;
        });
    }

    /**
     * Publishes for {@code device}. A sub-device's message is also held for a while, in case the platform refuses it
     * with code 520 and it has to go again after a login.
     */
    private CompletableFuture<Void> sendUplink(DeviceId device, String topic, byte[] payload, int qos) {
        if (!device.equals(gateway)) {
            recentUplinks.sent(device, topic, payload, qos);
        }
        return attempt(() -> transport.publish(topic, payload, qos));
    }

    private static String replyKey(String replyTopic, String id) {
        return replyTopic + '\n' + id;
    }

    /** Completes the request {@code reply} answers, found by envelope id alone (the error channel has one topic). */
    private boolean completeById(AlinkReply reply) {
        String key = requests.findKey(k -> k.endsWith("\n" + reply.id()));
        return key != null && requests.complete(key, reply);
    }

    /**
     * Sends {@code items} in consecutive batches of {@code size} and merges the reply elements. A failed batch stops
     * the rest; a refusal then names the sub-devices earlier batches had done.
     */
    private <T> CompletableFuture<List<JsonNode>> inBatches(String what, List<T> items, int size,
                                                           Function<T, DeviceId> deviceOf,
                                                           Function<List<T>, CompletableFuture<List<JsonNode>>> send) {
        int count = (items.size() + size - 1) / size;
        List<DeviceId> done = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<List<JsonNode>> merged = CompletableFuture.completedFuture(List.of());
        for (int i = 0; i < count; i++) {
            List<T> batch = items.subList(i * size, Math.min(items.size(), (i + 1) * size));
            String label = count == 1 ? what : what + " batch " + (i + 1) + " of " + count;
            merged = merged.thenCompose(soFar -> attempt(() -> send.apply(batch)).handle((elements, error) -> {
                if (error != null) {
                    Throwable cause = unwrap(error);
                    throw new CompletionException(cause instanceof AlinkReplyException refused
                            ? refused.withCompleted(label, List.copyOf(done)) : cause);
                }
                batch.forEach(item -> done.add(deviceOf.apply(item)));
                List<JsonNode> all = new ArrayList<>(soFar);
                all.addAll(elements);
                return all;
            }));
        }
        return merged;
    }

    private static ObjectNode signed(SubDeviceCredentials sub) {
        DeviceId device = sub.device();
        String clientId = device.productKey() + "." + device.deviceName();
        String timestamp = Long.toString(System.currentTimeMillis());
        return identityOf(device)
                .put("clientId", clientId)
                .put("timestamp", timestamp)
                .put("sign", Signing.subDeviceSign(SignMethod.HMAC_SHA256, device, sub.deviceSecret(), clientId,
                        timestamp));
    }

    private static ObjectNode identityOf(DeviceId device) {
        return AlinkJson.object().put("productKey", device.productKey()).put("deviceName", device.deviceName());
    }

    private static <T> ArrayNode array(List<T> items, Function<T, ObjectNode> entry) {
        ArrayNode array = AlinkJson.nodes().arrayNode();
        items.forEach(item -> array.add(entry.apply(item)));
        return array;
    }

    private static List<JsonNode> elements(AlinkReply reply) {
        return elements(reply.data());
    }

    private static List<JsonNode> elements(JsonNode data) {
        List<JsonNode> elements = new ArrayList<>();
        if (data != null && data.isArray()) {
            data.forEach(elements::add);
        }
        return elements;
    }

    /** The reply's elements, or the requested devices when the platform confirmed them without listing them. */
    private static List<JsonNode> elementsOr(AlinkReply reply, List<DeviceId> requested) {
        List<JsonNode> elements = elements(reply);
        return elements.isEmpty() ? requested.stream().<JsonNode>map(GatewayClient::identityOf).toList() : elements;
    }

    private static TopoList topoList(List<JsonNode> elements) {
        ArrayNode json = AlinkJson.nodes().arrayNode();
        elements.forEach(json::add);
        return new TopoList(devicesOf(elements), json.toString());
    }

    private static List<DeviceId> devicesOf(Collection<JsonNode> elements) {
        return elements.stream().map(GatewayClient::deviceOf).filter(Objects::nonNull).toList();
    }

    private static DeviceId deviceOf(JsonNode element) {
        String productKey = AlinkJson.text(element, "productKey");
        String deviceName = AlinkJson.text(element, "deviceName");
        return DeviceId.isValidPart(productKey) && DeviceId.isValidPart(deviceName)
                ? DeviceId.of(productKey, deviceName) : null;
    }

    // ---- system subscriptions ------------------------------------------------------------------------------------

    /** What the gateway itself receives: replies to its requests and downlink calls. */
    private List<String> gatewayFilters() {
        List<String> filters = new ArrayList<>(List.of(
                AlinkTopic.of(TopicKind.TOPO_ADD, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.TOPO_DELETE, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.TOPO_GET, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.TOPO_CHANGE, gateway).topic(),
                AlinkTopic.of(TopicKind.SUB_REGISTER, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.BATCH_LOGIN, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.BATCH_LOGOUT, gateway).replyTopic().topic(),
                AlinkTopic.of(TopicKind.NTP_RESPONSE, gateway).topic()));
        filters.addAll(subDeviceFilters(List.of(gateway)));
        return filters;
    }

    /** What each device receives: property set, service calls, replies to its posts, its error channel. */
    private static List<String> subDeviceFilters(List<DeviceId> devices) {
        return devices.stream().flatMap(device -> List.of(
                AlinkTopic.of(TopicKind.PROPERTY_SET, device).topic(),
                TopicFilters.anyDetail(TopicKind.SERVICE, device, false),
                TopicFilters.anyDetail(TopicKind.EVENT_POST, device, true),
                AlinkTopic.of(TopicKind.ERROR, device).topic()).stream()).toList();
    }

    /**
     * Subscribes system topics. Failure is only logged: the platform delivers them to a gateway without a
     * SUBSCRIBE anyway; the explicit subscription serves platforms (and brokers) that do not.
     */
    private CompletableFuture<Void> subscribeQuietly(List<String> filters) {
        return attempt(() -> transport.subscribe(filters, SYSTEM_SUBSCRIPTION_QOS)).handle((granted, error) -> {
            if (error != null) {
                log.debug("System topics not subscribed: {}", unwrap(error).getMessage());
            } else if (granted.contains(false)) {
                log.debug("The platform refused {} of {} system subscriptions", granted.stream()
                        .filter(g -> !g).count(), filters.size());
            }
            return null;
        });
    }

    /**
     * Subscribes again what the application subscribed (one SUBSCRIBE per QoS). A refusal is only logged: the
     * application's handler stays registered, and there is nobody to fail.
     */
    private CompletableFuture<Void> resubscribe(Collection<Subscription> toRestore) {
        Map<Integer, List<String>> byQos = toRestore.stream().collect(Collectors.groupingBy(Subscription::qos,
                Collectors.mapping(Subscription::filter, Collectors.toList())));
        return CompletableFuture.allOf(byQos.entrySet().stream()
                .map(entry -> attempt(() -> transport.subscribe(entry.getValue(), entry.getKey()))
                        .handle((granted, error) -> {
                            if (error != null) {
                                log.warn("{} subscriptions not restored: {}", entry.getValue().size(),
                                        unwrap(error).getMessage());
                            } else if (granted.contains(false)) {
                                log.warn("The platform refused to restore {} of the subscriptions {}",
                                        granted.stream().filter(g -> !g).count(), entry.getValue());
                            }
                            return null;
                        }))
                .toArray(CompletableFuture[]::new));
    }

    /** The application's subscriptions to topics of {@code owners}. */
    private List<Subscription> subscriptionsOf(Collection<DeviceId> owners) {
        return subscriptions.values().stream()
                .filter(s -> TopicFilters.owner(s.filter()).map(owners::contains).orElse(false))
                .toList();
    }

    /** Sub-devices no longer logged in: messages held to be sent again after a login fail. */
    private void forgetSessions(List<DeviceId> devices) {
        devices.forEach(this::dropRefused);
        sessions.closed(devices);
    }

    // ---- inbound -----------------------------------------------------------------------------------------------

    /** Transport events, on the inbound thread. */
    private final class Inbound implements Transport.Listener {

        @Override
        public void message(String topic, byte[] payload, int qos) {
            AlinkTopic.parse(topic).ifPresent(parsed -> {
                try {
                    routeSystem(parsed, payload);
                } catch (AlinkFormatException e) {
                    // the parser's reason may quote the payload, which may hold secrets
                    log.warn("Ignored a malformed message on {}", topic);
                }
            });
            subscriptions.values().stream()
                    .filter(s -> TopicFilters.matches(s.filter(), topic))
                    .forEach(s -> s.executor().execute(
                            () -> s.handler().accept(new TopicMessage(topic, payload, qos))));
        }

        @Override
        public void connected(boolean reconnect) {
            // the first connection is announced by connect() once it is complete
            if (reconnect) {
                reconnects.incrementAndGet();
                log.info("Gateway {} reconnected to {}", gateway, config.endpoint());
                notifyListeners(listener -> listener.connected(true));
                restore(connectionEpoch.get());
            }
        }

        @Override
        public void disconnected(Throwable cause) {
            log.warn("Gateway {} lost its connection: {}", gateway, cause == null ? "unknown cause" : cause.toString());
            connectionEpoch.incrementAndGet();
            // the platform ends every sub-device session with the gateway's connection
            sessions.allOffline();
            if (delivery != null) {
                delivery.pause();
            }
            // no answer comes to a request once its connection is gone: fail it now rather than at its timeout
            ConnectionException lost = new ConnectionException("the connection was lost", cause);
            requests.failAll(lost);
            ntpRequests.failAll(lost);
            notifyListeners(listener -> listener.disconnected(cause));
        }
    }

    /**
     * After a reconnection: the gateway's topics, then every sub-device that was logged in (each batch with its
     * subscriptions), then the outbox. The outbox waits for the whole pass; a lost connection in between makes the
     * next reconnection start over.
     */
    private void restore(long epoch) {
        if (state.get() == State.CLOSED) {
            return;
        }
        subscribeQuietly(gatewayFilters())
                .thenCompose(subscribed -> resubscribe(subscriptionsOf(List.of(gateway))))
                .thenCompose(subscribed -> loginOffline())
                // on the inbound thread, so that it cannot overtake the report of a connection lost meanwhile
                .whenCompleteAsync((done, error) -> resumeOutbox(epoch), inbound);
    }

    private void routeSystem(AlinkTopic topic, byte[] payload) {
        if (topic.reply()) {
            AlinkReply reply = AlinkReply.parse(payload);
            if (!requests.complete(replyKey(topic.topic(), reply.id()), reply)) {
                log.debug("Ignored a reply on {} to request {}: unknown or already answered", topic, reply.id());
            }
            return;
        }
        switch (topic.kind()) {
            case SERVICE, PROPERTY_SET -> onServiceCall(topic, payload);
            case NTP_RESPONSE -> onNtpResponse(payload);
            case ERROR -> onError(topic, payload);
            case TOPO_CHANGE -> onTopoChange(payload);
            default -> {
                // other platform topics are not the gateway's business
            }
        }
    }

    /**
     * The platform's error channel names the failed message by envelope id. Code 520 says it has no session for the
     * sub-device (dropped on its side): the sub-device is logged in again and the message, if still held, sent once
     * more; a request waiting for its reply keeps waiting for the resent one. Any other error fails the request.
     */
    private void onError(AlinkTopic topic, byte[] payload) {
        AlinkReply error = AlinkReply.parse(payload);
        DeviceId device = topic.device();
        if (error.code() == ReplyCode.NO_ACTIVE_SESSION && !device.equals(gateway) && sessions.isOpen(device)) {
            sessions.offline(device);
            Optional<Uplink> uplink = recentUplinks.take(device, error.id());
            uplink.ifPresent(u -> refused.compute(device, (d, list) -> {
                List<Refused> held = list == null ? new ArrayList<>() : list;
                held.add(new Refused(u, error));
                return held;
            }));
            log.info("The platform has no session of {} (520 for message {}): logging it in again{}", device,
                    error.id(), uplink.isPresent() ? " to send the message once more" : "");
            loginOffline();
            if (uplink.isPresent()) {
                return;
            }
        }
        if (!completeById(error)) {
            log.warn("Platform error on {}: {} {}", topic, error.code(), error.message());
        }
    }

    /** Sends again, once, what the platform refused for want of {@code device}'s session; it is logged in now. */
    private void resendRefused(DeviceId device) {
        List<Refused> held = refused.remove(device);
        if (held == null) {
            return;
        }
        for (Refused message : held) {
            Uplink uplink = message.uplink();
            // straight to the transport: not held again, so a second refusal is final
            attempt(() -> transport.publish(uplink.topic(), uplink.payload(), uplink.qos()))
                    .whenComplete((sent, error) -> {
                        if (error != null) {
                            log.warn("Message {} of {} not sent again: {}", message.error().id(), device,
                                    unwrap(error).getMessage());
                        }
                    });
        }
    }

    /** {@code device} will not be logged in again by the client: what waited for that fails with the 520. */
    private void dropRefused(DeviceId device) {
        List<Refused> held = refused.remove(device);
        if (held == null) {
            return;
        }
        log.warn("{} messages of {} that the platform refused (520) are not sent again: it is no longer logged in",
                held.size(), device);
        held.forEach(message -> completeById(message.error()));
    }

    private void onNtpResponse(byte[] payload) {
        long received = System.currentTimeMillis();
        JsonNode json = AlinkJson.parse(payload);
        String sent = AlinkJson.text(json, "deviceSendTime");
        if (sent == null) {
            log.warn("Ignored an NTP response without deviceSendTime");
            return;
        }
        try {
            ntpRequests.complete(sent, new NtpSample(Long.parseLong(AlinkJson.text(json, "serverRecvTime")),
                    Long.parseLong(AlinkJson.text(json, "serverSendTime")), received));
        } catch (NumberFormatException e) {
            ntpRequests.fail(sent, new GatewayException("the NTP response has no valid server times"));
        }
    }

    /** A sub-device deleted from the topology or disabled in the cloud is logged out, and the application told. */
    private void onTopoChange(byte[] payload) {
        AlinkRequest change = AlinkRequest.parse(payload);
        if (REPLY_TO_TOPO_CHANGE && change.wantsReply()) {
            byte[] reply = AlinkReply.success(change.id(), AlinkJson.object()).toBytes();
            attempt(() -> transport.publish(AlinkTopic.of(TopicKind.TOPO_CHANGE, gateway).replyTopic().topic(), reply,
                    0)).whenComplete((sent, error) -> {
                        if (error != null) {
                            log.debug("topo/change {} not answered: {}", change.id(), unwrap(error).getMessage());
                        }
                    });
        }
        JsonNode params = change.params();
        int status = params.path("status").asInt(-1);
        List<DeviceId> listed = devicesOf(elements(params.path("subList")));
        log.info("topo/change status {} for {} sub-devices", status, listed.size());
        if (status == TOPO_DELETED || status == TOPO_DISABLED) {
            forgetSessions(listed);
            listed.forEach(sub -> tell(subDeviceListeners, listener -> listener.removed(sub, status)));
        }
    }

    private void onServiceCall(AlinkTopic topic, byte[] payload) {
        DeviceId device = topic.device();
        if (!device.equals(gateway) && !sessions.isOpen(device)) {
            log.debug("Ignored a call on {}: not this gateway nor a logged-in sub-device", topic);
            return;
        }
        AlinkRequest call = AlinkRequest.parse(payload);
        if (!recentDownlinks.add(replyKey(topic.topic(), call.id()))) {
            return;
        }
        String identifier = topic.kind() == TopicKind.PROPERTY_SET ? ServiceCall.PROPERTY_SET : topic.detail();
        ServiceCall serviceCall = new ServiceCall(device, identifier, call.id(), call.params());
        runCallback(() -> answer(serviceCall, topic.replyTopic(), call.wantsReply()));
    }

    private void answer(ServiceCall call, AlinkTopic replyTopic, boolean wantsReply) {
        ServiceHandler handler = serviceHandler;
        CompletionStage<ServiceReply> answer;
        try {
            answer = handler == null
                    ? CompletableFuture.completedFuture(
                            ServiceReply.error(ReplyCode.SERVER_ERROR, "no service handler"))
                    : Objects.requireNonNull(handler.handle(call), "the service handler returned null");
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.handle((reply, error) -> error == null ? (reply == null ? ServiceReply.success(Map.of()) : reply)
                        : failureReply(call, unwrap(error)))
                .thenCompose(reply -> !wantsReply ? CompletableFuture.completedFuture(null)
                        : attempt(() -> transport.publish(replyTopic.topic(),
                                new AlinkReply(call.id(), reply.code(), reply.data(), reply.message(), null).toBytes(),
                                0)))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("The reply to {} {} was not sent: {}", call.identifier(), call.id(),
                                unwrap(error).getMessage());
                    }
                });
    }

    private static ServiceReply failureReply(ServiceCall call, Throwable error) {
        if (error instanceof AlinkReplyException refused) {
            return ServiceReply.error(refused.code(), refused.platformMessage());
        }
        log.warn("The service handler failed on {} of {}", call.identifier(), call.device(), error);
        return ServiceReply.error(ReplyCode.SERVER_ERROR, "service " + call.identifier() + " failed");
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    /** Runs a public operation: refused once closed, and always answered on the callback executor. */
    private <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> operation) {
        if (state.get() == State.CLOSED) {
            return CompletableFuture.failedFuture(new ConnectionException("the gateway client is closed", null));
        }
        return toCallbacks(attempt(operation));
    }

    /** A future of {@code operation}, failed rather than thrown when the operation throws. */
    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The same outcome, completed on the callback executor so no application code runs on a network thread. */
    private <T> CompletableFuture<T> toCallbacks(CompletableFuture<T> internal) {
        CompletableFuture<T> external = new CompletableFuture<>();
        internal.whenComplete((value, error) -> runCallback(() -> {
            if (error != null) {
                external.completeExceptionally(unwrap(error));
            } else {
                external.complete(value);
            }
        }));
        return external;
    }

    private void runCallback(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException afterClose) {
            task.run();
        }
    }

    private void notifyListeners(Consumer<ConnectionListener> event) {
        tell(listeners, event);
    }

    /** Calls each listener in turn on the callback executor; a failing listener is logged by the executor. */
    private <L> void tell(List<L> targets, Consumer<L> event) {
        for (L listener : targets) {
            events.execute(() -> event.accept(listener));
        }
    }

    /** {@code operation}'s outcome, or a {@link RequestTimeoutException} when it outlasts the request timeout. */
    private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> operation, String what) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        ScheduledFuture<?> expiry = timer.schedule(
                () -> bounded.completeExceptionally(new RequestTimeoutException(what, config.requestTimeout())),
                config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        operation.whenComplete((value, error) -> {
            expiry.cancel(false);
            if (error != null) {
                bounded.completeExceptionally(unwrap(error));
            } else {
                bounded.complete(value);
            }
        });
        return bounded;
    }

    private CompletableFuture<Void> after(long delayMs) {
        if (delayMs <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> due = new CompletableFuture<>();
        timer.schedule(() -> due.complete(null), delayMs, TimeUnit.MILLISECONDS);
        return due;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ThreadPoolExecutor pool(int threads, String name, RejectedExecutionHandler whenClosed) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(name), whenClosed);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "GatewayClient[" + gateway + ", " + state.get() + ", endpoint=" + config.endpoint() + "]";
    }
}
