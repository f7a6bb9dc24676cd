package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.gateway.outbox.DeadLetter;
import io.alink.gateway.outbox.Outbox;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * thread. It fails with a {@link GatewayException}: an {@link AlinkReplyException} when the platform answers with a
 * code other than 200, a {@link RequestTimeoutException} when it does not answer within the request timeout, and a
 * {@link ConnectionException} when there is no connection (or the client is closed). Bad input is refused before
 * anything is sent: the method throws an {@link InvalidRequestException} at once.
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
 * <p>Thread-safe. Which thread runs what: README, "Threading".
 */
public final class GatewayClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

    private enum State { NEW, CONNECTING, CONNECTED, CLOSED }

    private final GatewayConfig config;
    private final DeviceId gateway;
    private final ClientThreads threads;
    private final ClientListeners listeners;
    private final Transport transport;
    private final SubDeviceSessions sessions = new SubDeviceSessions();
    private final Namespaces namespaces;
    private final PublishTopics publishTopics = new PublishTopics();
    private final SubDeviceUplinks uplinks;
    private final Requests requests;
    private final NtpClock ntp;
    private final Identities identities;
    private final Subscriptions subscriptions;
    private final ServiceCalls services;
    private final GatewayRrpc rrpc;
    private final GatewayLifecycle lifecycle;
    private final GatewayOutbox outbox;
    private final SubDeviceLogins logins;
    private final Topology topology;
    private final Reconnection reconnection;
    private final DeviceTags tags;
    private final DesiredProperties desired;
    private final DeviceShadow shadow;
    private final RemoteConfig remoteConfig;
    private final GatewayOta ota;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile CompletableFuture<GatewayIdentity> connecting;

    private GatewayClient(GatewayConfig config, Transport.Factory transports) {
        this.config = config;
        this.gateway = config.gateway();
        this.namespaces = new Namespaces(gateway, sessions);
        // first, so that an outbox that cannot be opened leaves no threads behind
        Outbox journal = GatewayOutbox.open(config);
        this.threads = new ClientThreads(config.callbackExecutor(), config.requestTimeout());
        this.listeners = new ClientListeners(threads.events());
        InboundRouter router = new InboundRouter();
        this.transport = transports.create(router, threads.inbound());
        this.uplinks = new SubDeviceUplinks(gateway, transport, config.requestTimeout());
        this.requests = new Requests(uplinks, threads.timer(), config.requestTimeout());
        this.ntp = new NtpClock(gateway, transport, threads.timer(), config.requestTimeout(), config.timeZone());
        this.identities = new Identities(config, new PendingReplies<>(threads.timer(), config.requestTimeout()));
        this.subscriptions = new Subscriptions(gateway, transport, threads);
        this.services = new ServiceCalls(gateway, sessions::isOpen, transport, threads::runCallback);
        this.rrpc = new GatewayRrpc(services, transport, subscriptions, namespaces, threads,
                config.rrpcAnswerWindow(), this::start);
        // the gateway's messages go whenever delivery runs, a sub-device's while its session is online
        this.outbox = new GatewayOutbox(journal,
                message -> uplinks.send(message.device(), message.topic(), message.payload(), 1),
                device -> device.equals(gateway) || sessions.isOnline(device), requests::nextId,
                new HistoryReplay(gateway, config.historyAfter(), sessions::isOnline, System::currentTimeMillis));
        this.logins = new SubDeviceLogins(config, requests, uplinks, subscriptions, sessions, threads,
                transport::isConnected, outbox::deviceReady, listeners);
        this.topology = new Topology(gateway, requests, logins);
        this.lifecycle = new GatewayLifecycle(gateway, transport, requests, sessions::isOpen, threads.events(),
                this::start);
        this.reconnection = new Reconnection(config, sessions, requests, ntp, subscriptions, logins, outbox, listeners,
                threads.inbound());
        this.tags = new DeviceTags(namespaces, requests, this::start);
        this.desired = new DesiredProperties(namespaces, requests, this::start);
        this.shadow = new DeviceShadow(namespaces, uplinks, threads, this::start);
        this.remoteConfig = new RemoteConfig(namespaces, requests, transport, threads, this::start,
                config.requestTimeout(), config.caFile().orElse(null));
        this.ota = new GatewayOta(namespaces, uplinks, requests, subscriptions, threads, this::start,
                sessions::devices);
        router.replies(requests::onReply)
                .route(TopicKind.SERVICE, services::onCall)
                .route(TopicKind.PROPERTY_SET, services::onCall)
                .route(TopicKind.RRPC_REQUEST, rrpc::onRequest)
                .route(TopicKind.EXT_RRPC, rrpc::onExtRrpc)
                .route(TopicKind.DISABLE, lifecycle::onNotice)
                .route(TopicKind.ENABLE, lifecycle::onNotice)
                .route(TopicKind.DELETE, lifecycle::onNotice)
                .route(TopicKind.TOPO_ADD_NOTIFY, lifecycle::onTopoAddNotify)
                .route(TopicKind.NTP_RESPONSE, (topic, payload) -> ntp.onResponse(payload))
                .route(TopicKind.ERROR, logins::onError)
                .route(TopicKind.TOPO_CHANGE, logins::onTopoChange)
                .route(TopicKind.SHADOW_GET, shadow::onMessage)
                .route(TopicKind.CONFIG_PUSH, remoteConfig::onPush)
                .route(TopicKind.OTA_UPGRADE, ota::onNotice)
                .application(subscriptions::deliver)
                .connection(reconnection);
    }

    /**
     * A client for {@code config}; nothing is sent before {@link #connect()}.
     *
     * @param config what to connect with
     * @return the client, not connected
     * @throws InvalidRequestException when {@code config} is missing
     * @throws OutboxStorageException when the configured outbox cannot be opened
     */
    public static GatewayClient create(GatewayConfig config) {
        if (config == null) {
            throw new InvalidRequestException("config is missing");
        }
        return create(config, (listener, listenerThread) -> new HiveMqTransport(config.endpoint(),
                config.caFile().orElse(null), config.requestTimeout(), config.reconnectBackoff(),
                () -> ThreadLocalRandom.current().nextDouble(), listener, listenerThread));
    }

    /** A client on any transport: the seam for tests that provoke what a broker cannot. */
    static GatewayClient create(GatewayConfig config, Transport.Factory transports) {
        return new GatewayClient(config, transports);
    }

    /** {@return the configuration this client was created with} */
    public GatewayConfig config() {
        return config;
    }

    /** {@return the gateway's productKey and deviceName} */
    public DeviceId gatewayId() {
        return gateway;
    }

    /** {@return whether the connection to the platform is up now} */
    public boolean isConnected() {
        return transport.isConnected();
    }

    /**
     * {@return the sub-devices logged in through this gateway, including those the client is logging in again after a
     * reconnection; not those the platform refused or removed}
     */
    public Set<DeviceId> loggedIn() {
        return sessions.devices();
    }

    /**
     * Answers service calls and property sets for the gateway and its logged-in sub-devices.
     *
     * @param handler the one handler; a later call replaces it
     */
    public void onServiceCall(ServiceHandler handler) {
        services.handler(handler);
    }

    /**
     * {@return revert-RPC: the cloud's synchronous requests (classic and custom RRPC) for the gateway and its
     * logged-in sub-devices; sync service calls go to the {@link #onServiceCall service handler}}
     */
    public GatewayRrpc rrpc() {
        return rrpc;
    }

    /**
     * {@return the life of the gateway's devices as the cloud manages it: disable, enable and delete notices, the
     * cloud's topo/add/notify, and the gateway's list/found report}
     */
    public GatewayLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Told of every connection and disconnection, on the callback executor, in order.
     *
     * @param listener the listener
     */
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    /**
     * Told when the platform refuses a sub-device's login again or removes a sub-device, on the callback executor.
     *
     * @param listener the listener
     */
    public void addSubDeviceListener(SubDeviceListener listener) {
        listeners.add(listener);
    }

    /** {@return the tags of the gateway and its logged-in sub-devices} */
    public DeviceTags tags() {
        return tags;
    }

    /** {@return the desired property values the cloud holds for the gateway and its logged-in sub-devices} */
    public DesiredProperties desired() {
        return desired;
    }

    /** {@return the device shadows of the gateway and its logged-in sub-devices} */
    public DeviceShadow shadow() {
        return shadow;
    }

    /** {@return the product's remote configuration file: get, push, verified download} */
    public RemoteConfig remoteConfig() {
        return remoteConfig;
    }

    /** {@return firmware updates (OTA) of the gateway and its logged-in sub-devices} */
    public GatewayOta ota() {
        return ota;
    }

    /** {@return the automatic reconnections since this client was created} */
    public long reconnects() {
        return reconnection.reconnects();
    }

    // ---- connection ---------------------------------------------------------------------------------------------

    /**
     * Connects. With only a productSecret configured, first takes the deviceSecret from the store or, if none is
     * stored, registers the gateway and stores the issued secret. The identity is stored. Possible once per client
     * (again after a failed attempt).
     *
     * @return completes with the identity connected with; fails with a {@link ConnectionException} whose message says
     *         what to check when the platform refuses the gateway
     */
    public CompletableFuture<GatewayIdentity> connect() {
        if (!state.compareAndSet(State.NEW, State.CONNECTING)) {
            return CompletableFuture.failedFuture(
                    new ConnectionException("connect() needs a new client; this one is " + state.get(), null));
        }
        CompletableFuture<GatewayIdentity> attempt = Async.attempt(() -> identities.resolve(threads.inbound()))
                .thenCompose(identity -> transport.connect(identities.credentials(identity), config.keepAliveSeconds())
                        .thenApply(connected -> identity))
                .thenCompose(identity -> subscriptions.subscribeSystemTopics().thenApply(subscribed -> identity))
                // off the network thread: remembering the identity writes a file
                .whenCompleteAsync((identity, error) -> {
                    if (error == null && state.compareAndSet(State.CONNECTING, State.CONNECTED)) {
                        log.info("Gateway {} connected to {}", gateway, config.endpoint());
                        identities.remember(identity);
                        // told only now, when the identity is stored and the system topics are subscribed
                        reconnection.firstConnection();
                    } else {
                        state.compareAndSet(State.CONNECTING, State.NEW);
                    }
                }, threads.inbound());
        connecting = attempt;
        return threads.toCallbacks(attempt);
    }

    /**
     * {@link #closeAsync()}, waiting until it is done: for try-with-resources. Do not call it from a callback on the
     * client's own callback executor when that is a single thread the close might need; use closeAsync there.
     */
    @Override
    public void close() {
        closeAsync().join();
    }

    /**
     * Logs out the logged-in sub-devices (when connected), disconnects, fails what still waits for a reply, and
     * ends the client's threads. Idempotent.
     *
     * @return completes when done
     */
    public CompletableFuture<Void> closeAsync() {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return closed.thenApply(Function.identity());
        }
        logins.stop();
        reconnection.stop();
        CompletableFuture<GatewayIdentity> inFlight = connecting;
        CompletableFuture<Object> settled = inFlight == null ? CompletableFuture.completedFuture(null)
                : inFlight.handle((identity, error) -> null);
        settled.thenCompose(ignored -> {
            // a connection lost earlier was reported then; only one that is up now ends here
            boolean up = transport.isConnected();
            return logins.logoutAll()
                    .thenCompose(loggedOut -> transport.disconnect())
                    .thenApply(disconnected -> up);
        }).whenCompleteAsync((wasUp, error) -> shutDown(Boolean.TRUE.equals(wasUp)), threads.inbound());
        return closed.thenApply(Function.identity());
    }

    private void shutDown(boolean wasConnected) {
        ConnectionException closedError = new ConnectionException("the gateway client was closed", null);
        requests.failAll(closedError);
        ntp.failAll(closedError);
        identities.failAll(closedError);
        shadow.failAll(closedError);
        if (wasConnected) {
            listeners.disconnected(closedError);
        }
        outbox.close();
        // queued callbacks still run; the threads end after them
        threads.shutDown();
        log.info("Gateway {} closed", gateway);
        closed.complete(null);
    }

    // ---- topology and sessions -----------------------------------------------------------------------------------

    /**
     * Adds sub-devices to the gateway's topology, 30 per request.
     *
     * @param subDevices the sub-devices with their secrets (the request is signed with them)
     * @return completes with those the platform confirmed
     */
    public CompletableFuture<TopoList> addTopo(Collection<SubDeviceCredentials> subDevices) {
        List<SubDeviceCredentials> list = Validation.distinctDevices(subDevices, SubDeviceCredentials::device,
                "addTopo");
        return start(() -> topology.add(list));
    }

    /** {@return completes with the gateway's topology as the platform knows it} */
    public CompletableFuture<TopoList> getTopo() {
        return start(topology::get);
    }

    /**
     * Removes sub-devices from the topology, 30 per request; the platform ends their sessions.
     *
     * @param subDevices the sub-devices
     * @return completes with those the platform confirmed removed
     */
    public CompletableFuture<TopoList> removeTopo(Collection<DeviceId> subDevices) {
        List<DeviceId> list = Validation.distinctDevices(subDevices, Function.identity(), "removeTopo");
        return start(() -> topology.remove(list));
    }

    /**
     * Logs sub-devices in ({@code combine/batch_login}, 50 per request, paced to the login rate). A batch is all or
     * nothing; a refused batch fails the call, with the sub-devices of earlier batches in
     * {@link AlinkReplyException#completed()}.
     *
     * @param subDevices the sub-devices with their secrets
     * @return completes with the sub-devices logged in
     */
    public CompletableFuture<LoginResult> login(Collection<SubDeviceCredentials> subDevices) {
        List<SubDeviceCredentials> list = Validation.distinctDevices(subDevices, SubDeviceCredentials::device,
                "login");
        return start(() -> logins.login(list));
    }

    /**
     * Logs sub-devices out ({@code combine/batch_logout}, 50 per request).
     *
     * @param subDevices the sub-devices
     * @return completes with the sub-devices logged out
     */
    public CompletableFuture<LoginResult> logout(Collection<DeviceId> subDevices) {
        List<DeviceId> list = Validation.distinctDevices(subDevices, Function.identity(), "logout");
        return start(() -> logins.logout(list));
    }

    /**
     * Registers pre-created sub-devices of products with dynamic registration enabled ({@code thing/sub/register},
     * 30 per request). Does not add them to the topology. The platform issues a secret once: keep it.
     *
     * @param subDevices the sub-devices, created in the console without a secret
     * @return completes with the secrets the platform issued
     */
    public CompletableFuture<List<SubDeviceCredentials>> registerSubDevices(Collection<DeviceId> subDevices) {
        List<DeviceId> list = Validation.distinctDevices(subDevices, Function.identity(), "registerSubDevices");
        return start(() -> topology.register(list));
    }

    // ---- time -----------------------------------------------------------------------------------------------------

    /** {@return completes with the platform's time, by the NTP exchange on {@code /ext/ntp}} */
    public CompletableFuture<NtpTime> ntpTime() {
        return start(ntp::now);
    }

    // ---- thing model ---------------------------------------------------------------------------------------------

    /**
     * Posts properties of the gateway or a logged-in sub-device ({@code thing/event/property/post}), waiting for the
     * platform's reply. For posts that must survive an outage, see {@link #enqueueProperties(DeviceId, Map)}.
     *
     * @param device     the gateway or a logged-in sub-device
     * @param properties the properties, as Jackson writes them
     * @return completes with the reply's data
     */
    public CompletableFuture<JsonNode> postProperties(DeviceId device, Map<String, ?> properties) {
        namespaces.requireOwn(device);
        return post(ThingPost.properties(device, ThingPost.object(properties, "properties")),
                "property post of " + device);
    }

    /**
     * Posts event {@code eventId} of the gateway or a logged-in sub-device with its output {@code value}, waiting for
     * the platform's reply.
     *
     * @param device  the gateway or a logged-in sub-device
     * @param eventId the event's identifier in the thing model
     * @param value   the event's output values, as Jackson writes them
     * @return completes with the reply's data
     */
    public CompletableFuture<JsonNode> postEvent(DeviceId device, String eventId, Map<String, ?> value) {
        namespaces.requireOwn(device);
        return post(ThingPost.event(device, eventId, ThingPost.object(value, "event's output values"),
                        System.currentTimeMillis()),
                "event " + eventId + " of " + device);
    }

    /**
     * Posts the values of the gateway and its logged-in sub-devices in one message ({@code pack/post}), each with
     * its time; completes with the reply's data. Refused before sending (an {@link InvalidRequestException}) when it
     * is over {@link io.alink.protocol.PackLimits#PACK} or names a sub-device not logged in.
     *
     * @param pack the values, per device
     * @return completes with the reply's data
     */
    public CompletableFuture<JsonNode> postPack(PackPost pack) {
        ThingPost post = ThingPost.pack(gateway, pack);
        pack.devices().forEach(namespaces::requireOwn);
        return post(post, "pack post of " + pack.devices().size() + " sub-devices");
    }

    /**
     * Posts values recorded earlier, of the gateway and its sub-devices (they need not be logged in), each with its
     * original time ({@code history/post}); refused before sending when over
     * {@link io.alink.protocol.PackLimits#HISTORY}.
     *
     * @param history the values, per device, with their original times
     * @return completes with the reply's data
     */
    public CompletableFuture<JsonNode> postHistory(HistoryPost history) {
        return post(ThingPost.history(gateway, history), "history post of " + history.entries().size() + " devices");
    }

    private CompletableFuture<JsonNode> post(ThingPost post, String what) {
        Requests.Outgoing request = requests.prepare(post.topic(), post.method(), post.params());
        return start(() -> requests.send(request, what).thenApply(AlinkReply::data));
    }

    // ---- outbox -------------------------------------------------------------------------------------------------

    /**
     * Journals a QoS 1 message of {@code device} (the gateway or a sub-device) on {@code topic}: accepted means
     * journaled. It is sent while connected and, for a sub-device, once it is logged in (it need not be yet); it leaves
     * the outbox only after the platform's PUBACK. A device's messages go in the order they were enqueued, and after a
     * reconnection its backlog goes before its newer messages. When the outbox is full or a message outlives the age
     * bound, the oldest are dropped and counted ({@link #outboxStats()}).
     *
     * @param device  the gateway or one of its sub-devices
     * @param topic   a topic in {@code device}'s namespace
     * @param payload the message
     * @return completes with the message's outbox seq once it is committed to disk; fails with an
     *         {@link OutboxStorageException} when the journal cannot take it
     * @throws ClientStateException    when no {@link GatewayConfig.Builder#outbox outbox} is configured
     * @throws InvalidRequestException for bad input, as {@link #publish}
     */
    public CompletableFuture<Long> enqueue(DeviceId device, String topic, byte[] payload) {
        GatewayOutbox.Entry entry = outbox.entry(device, topic, payload);
        return start(() -> outbox.journal(entry));
    }

    /**
     * {@link #enqueue} of a property post ({@code thing/event/property/post}) of {@code device}, with
     * {@code properties} as they are (plain, or {@code {value, time}} each): the envelope is built around them and
     * size-checked once. Sent later than {@link GatewayConfig#historyAfter()}, it goes as a history/post of the same
     * values, timed as given or with the time they were journaled.
     *
     * @param device     the gateway or one of its sub-devices
     * @param properties the properties
     * @return completes with the message's outbox seq once it is journaled
     */
    public CompletableFuture<Long> enqueueProperties(DeviceId device, ObjectNode properties) {
        outbox.requireConfigured();
        Namespaces.requireDevice(device);
        return journal(ThingPost.properties(device, properties));
    }

    /**
     * {@link #enqueueProperties(DeviceId, ObjectNode)} of a map, as Jackson writes it.
     *
     * @param device     the gateway or one of its sub-devices
     * @param properties the properties
     * @return completes with the message's outbox seq once it is journaled
     */
    public CompletableFuture<Long> enqueueProperties(DeviceId device, Map<String, ?> properties) {
        return enqueueProperties(device, ThingPost.object(properties, "properties"));
    }

    /**
     * {@link #enqueue} of event {@code eventId} ({@code thing/event/{eventId}/post}, params {value, time}), with
     * {@code value} as it is and the current time.
     *
     * @param device  the gateway or one of its sub-devices
     * @param eventId the event's identifier in the thing model
     * @param value   the event's output values
     * @return completes with the message's outbox seq once it is journaled
     */
    public CompletableFuture<Long> enqueueEvent(DeviceId device, String eventId, ObjectNode value) {
        return enqueueEvent(device, eventId, value, System.currentTimeMillis());
    }

    /**
     * {@link #enqueueEvent(DeviceId, String, ObjectNode)} of an event that happened at {@code timeMillis} (epoch ms),
     * as a field device reported it.
     *
     * @param device     the gateway or one of its sub-devices
     * @param eventId    the event's identifier in the thing model
     * @param value      the event's output values
     * @param timeMillis when the event happened, epoch ms
     * @return completes with the message's outbox seq once it is journaled
     */
    public CompletableFuture<Long> enqueueEvent(DeviceId device, String eventId, ObjectNode value, long timeMillis) {
        outbox.requireConfigured();
        Namespaces.requireDevice(device);
        return journal(ThingPost.event(device, eventId, value, timeMillis));
    }

    /**
     * {@link #enqueueEvent(DeviceId, String, ObjectNode)} of a map, as Jackson writes it.
     *
     * @param device  the gateway or one of its sub-devices
     * @param eventId the event's identifier in the thing model
     * @param value   the event's output values
     * @return completes with the message's outbox seq once it is journaled
     */
    public CompletableFuture<Long> enqueueEvent(DeviceId device, String eventId, Map<String, ?> value) {
        return enqueueEvent(device, eventId, ThingPost.object(value, "event's output values"));
    }

    /**
     * {@link #enqueueEvent(DeviceId, String, ObjectNode, long)} of a map, as Jackson writes it.
     *
     * @param device     the gateway or one of its sub-devices
     * @param eventId    the event's identifier in the thing model
     * @param value      the event's output values
     * @param timeMillis when the event happened, epoch ms
     * @return completes with the message's outbox seq once it is journaled
     */
    public CompletableFuture<Long> enqueueEvent(DeviceId device, String eventId, Map<String, ?> value,
                                                long timeMillis) {
        return enqueueEvent(device, eventId, ThingPost.object(value, "event's output values"), timeMillis);
    }

    /**
     * {@link #enqueue} of a {@link #postPack pack}, checked as there, of the gateway and sub-devices in its topology
     * (logged in or not). It goes as soon as delivery runs, waiting for no login: as pack/post while it is younger than
     * {@link GatewayConfig#historyAfter()} and all its sub-devices are online, otherwise as history/post with the same
     * values and times, which the platform takes for any sub-device in the topology.
     *
     * @param pack the values, per device, each with the time it was read
     * @return completes with the message's outbox seq once it is journaled
     */
    public CompletableFuture<Long> enqueuePack(PackPost pack) {
        outbox.requireConfigured();
        GatewayOutbox.Entry entry = outbox.packEntry(gateway, pack);
        return start(() -> outbox.journal(entry));
    }

    private CompletableFuture<Long> journal(ThingPost post) {
        GatewayOutbox.Entry entry = outbox.entry(post);
        return start(() -> outbox.journal(entry));
    }

    /** {@return the outbox's counters; all zero when no outbox is configured} */
    public OutboxStats outboxStats() {
        return outbox.stats();
    }

    /** {@return the messages of each device waiting in the outbox for an acknowledgement; empty without an outbox} */
    public Map<DeviceId, Long> outboxQueuedByDevice() {
        return outbox.queuedByDevice();
    }

    // ---- dead letters: the outbox's messages given up after failed sends -----------------------------------------

    /**
     * The outbox's dead letters: messages the platform never acknowledged in
     * {@link io.alink.gateway.outbox.Outbox#MAX_ATTEMPTS} sends (it closed the connection each time), which therefore
     * no longer hold up any other message.
     *
     * @return completes with the dead letters, oldest first, at most 1,000 ({@link #outboxStats()} counts them all)
     * @throws ClientStateException when no outbox is configured
     */
    public CompletableFuture<List<DeadLetter>> deadLetters() {
        outbox.requireConfigured();
        return start(outbox::deadLetters);
    }

    /**
     * Deletes a dead letter.
     *
     * @param seq the dead letter's seq
     * @return completes once deleted; fails with {@link NoSuchDeadLetterException} when there is none with that seq
     * @throws ClientStateException when no outbox is configured, as for the other dead-letter operations
     */
    public CompletableFuture<Void> removeDeadLetter(long seq) {
        outbox.requireConfigured();
        return start(() -> outbox.removeDeadLetter(seq));
    }

    /**
     * Puts a dead letter back at the end of its device's queue, its attempts reset.
     *
     * @param seq the dead letter's seq
     * @return completes with its new seq; fails with {@link NoSuchDeadLetterException}, or
     *         {@link InvalidRequestException} for a topic that can never be sent
     * @throws ClientStateException when no outbox is configured
     */
    public CompletableFuture<Long> requeueDeadLetter(long seq) {
        outbox.requireConfigured();
        return start(() -> outbox.requeueDeadLetter(seq));
    }

    // ---- custom topics ---------------------------------------------------------------------------------------

    /**
     * Subscribes to a topic (or filter) of the gateway or a logged-in sub-device. Messages reach {@code handler} on
     * the callback executor, in order; a slow handler holds up only its own subscription.
     *
     * @param topicFilter a topic or filter in the gateway's or a logged-in sub-device's namespace
     * @param qos         0 or 1
     * @param handler     receives the messages
     * @return completes on SUBACK
     * @throws InvalidRequestException for a bad filter or QoS, a missing handler, or a filter outside the namespaces
     */
    public CompletableFuture<Void> subscribe(String topicFilter, int qos, Consumer<TopicMessage> handler) {
        Validation.topicFilter(topicFilter);
        Validation.qos(qos);
        if (handler == null) {
            throw new InvalidRequestException("handler is missing");
        }
        namespaces.topicOwner(topicFilter);
        return start(() -> subscriptions.subscribe(topicFilter, qos, handler));
    }

    /**
     * Unsubscribes a topic (or filter) subscribed with {@link #subscribe}.
     *
     * @param topicFilter as subscribed
     * @return completes on UNSUBACK
     */
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        Validation.topicFilter(topicFilter);
        if (!subscriptions.isSubscribed(topicFilter)) {
            namespaces.topicOwner(topicFilter);
        }
        return start(() -> subscriptions.unsubscribe(topicFilter));
    }

    /**
     * Publishes to a topic of the gateway or a logged-in sub-device.
     *
     * @param topic   a topic in the gateway's or a logged-in sub-device's namespace
     * @param payload the message, at most the platform's 256 KB
     * @param qos     0 or 1
     * @return completes when sent (QoS 0) or acknowledged by the platform (QoS 1)
     * @throws InvalidRequestException for a bad topic, payload or QoS, or a topic outside the namespaces
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        Optional<DeviceId> claimed = publishTopics.owner(topic);
        Validation.qos(qos);
        Validation.payload(payload);
        DeviceId owner = namespaces.ownerWithin(topic, claimed);
        byte[] copy = payload.clone();
        return start(() -> threads.expiring(uplinks.send(owner, topic, copy, qos), () -> "publish to " + topic));
    }

    /** Runs a public operation: refused once closed, and always answered on the callback executor. */
    private <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> operation) {
        if (state.get() == State.CLOSED) {
            return CompletableFuture.failedFuture(Async.closed(null));
        }
        return threads.toCallbacks(Async.attempt(operation));
    }

    @Override
    public String toString() {
        return "GatewayClient[" + gateway + ", " + state.get() + ", endpoint=" + config.endpoint() + "]";
    }
}
