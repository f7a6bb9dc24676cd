package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import io.alink.protocol.TopoChangeStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sub-device sessions through the gateway: login and logout in batches, and keeping the logged-in ones logged in.
 * After a reconnection, or when the platform answers a message with 520 (no session), a login pass logs every
 * logged-in sub-device without a session in again; a sub-device the platform refuses then is reported once and
 * forgotten. A topo/change that deletes or disables a sub-device logs it out here too.
 */
final class SubDeviceLogins {

    private static final Logger log = LoggerFactory.getLogger(SubDeviceLogins.class);

    static final int LOGIN_BATCH = 50;
    /**
     * Whether a topo/change notice is answered (code 200 on {@code thing/topo/change_reply}). The platform's document
     * shows a reply, no SDK sends one (UNCONFIRMED which is needed); a reply nobody waits for is harmless.
     */
    static final boolean REPLY_TO_TOPO_CHANGE = true;

    private final DeviceId gateway;
    private final int batchSize;
    private final Requests requests;
    private final SubDeviceUplinks uplinks;
    private final Subscriptions subscriptions;
    private final SubDeviceSessions sessions;
    private final LoginPacer pacer;
    private final Backoff backoff;
    private final ClientThreads threads;
    private final BooleanSupplier connected;
    private final Runnable devicesReady;
    private final SubDeviceListener listener;
    private final Object passLock = new Object();
    /** Login passes, one after the other. Guarded by passLock. */
    private CompletableFuture<Void> passes = CompletableFuture.completedFuture(null);
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final AtomicInteger retries = new AtomicInteger();
    private volatile boolean stopped;

    /**
     * @param devicesReady told after each confirmed login, once the sub-devices' subscriptions are restored: their
     *                     outbox messages may go
     * @param listener     told of refusals and removals
     */
    SubDeviceLogins(GatewayConfig config, Requests requests, SubDeviceUplinks uplinks, Subscriptions subscriptions,
                    SubDeviceSessions sessions, ClientThreads threads, BooleanSupplier connected,
                    Runnable devicesReady, SubDeviceListener listener) {
        this.gateway = config.gateway();
        this.batchSize = Math.min(LOGIN_BATCH, config.maxLoginsPerSecond());
        this.requests = requests;
        this.uplinks = uplinks;
        this.subscriptions = subscriptions;
        this.sessions = sessions;
        this.pacer = new LoginPacer(config.maxLoginsPerSecond(), System::currentTimeMillis);
        this.backoff = config.reconnectBackoff();
        this.threads = threads;
        this.connected = connected;
        this.devicesReady = devicesReady;
        this.listener = listener;
    }

    /** {@code combine/batch_login}, paced to the login rate; a refused batch stops the rest. */
    CompletableFuture<LoginResult> login(List<SubDeviceCredentials> subDevices) {
        return Requests.inBatches("login", subDevices, batchSize, SubDeviceCredentials::device, this::loginBatch)
                .thenApply(elements -> new LoginResult(Requests.devices(elements)));
    }

    /** {@code combine/batch_logout}. */
    CompletableFuture<LoginResult> logout(List<DeviceId> subDevices) {
        AlinkTopic topic = AlinkTopic.of(TopicKind.BATCH_LOGOUT, gateway);
        return Requests.inBatches("logout", subDevices, LOGIN_BATCH, Function.identity(),
                        batch -> requests.request(topic, null, SubDeviceEntries.identities(batch), "logout")
                                .thenApply(reply -> {
                                    forget(batch);
                                    return Requests.elementsOr(reply, batch);
                                }))
                .thenApply(elements -> new LoginResult(Requests.devices(elements)));
    }

    /** Before closing: logs out every logged-in sub-device, when connected; a failure is only logged. */
    CompletableFuture<Void> logoutAll() {
        List<DeviceId> online = List.copyOf(sessions.devices());
        if (online.isEmpty() || !connected.getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        return logout(online).handle((result, error) -> {
            if (error != null) {
                log.warn("Closing without logging out {} sub-devices: {}", online.size(),
                        Async.unwrap(error).getMessage());
            }
            return null;
        });
    }

    /** No more login passes: the client is closing. */
    void stop() {
        stopped = true;
    }

    /** Sub-devices no longer logged in: messages held to be sent again after a login fail. */
    void forget(List<DeviceId> devices) {
        devices.forEach(device -> uplinks.drop(device).forEach(requests::completeById));
        sessions.closed(devices);
    }

    /**
     * One batch login. Once the platform confirmed it: messages it refused earlier for want of a session go first,
     * then the sessions count as online, then the sub-devices' topics are subscribed (again, after a reconnection),
     * and their outbox messages may go.
     */
    private CompletableFuture<List<JsonNode>> loginBatch(List<SubDeviceCredentials> batch) {
        ObjectNode params = AlinkJson.object().put("signMethod", SubDeviceCredentials.SIGN_METHOD);
        ArrayNode entries = params.putArray("deviceList");
        batch.forEach(sub -> entries.add(sub.signedEntry().put("cleanSession", "false")));
        AlinkTopic topic = AlinkTopic.of(TopicKind.BATCH_LOGIN, gateway);
        return threads.after(pacer.reserve(batch.size()))
                .thenCompose(due -> requests.request(topic, null, params, "login"))
                .thenCompose(reply -> {
                    List<DeviceId> devices = batch.stream().map(SubDeviceCredentials::device).toList();
                    devices.forEach(uplinks::resend);
                    sessions.opened(batch);
                    // No SUBSCRIBE for the sub-devices' system topics: the platform delivers them from the login on
                    // (automatic subscription, _ss=1), and 4 filters per sub-device cost the MQTT client ~650 bytes
                    // of routing tree each and doubled bring-up time (docs/benchmarks.md).
                    return subscriptions.restore(devices).thenApply(restored -> {
                        devicesReady.run();
                        return Requests.elementsOr(reply, devices);
                    });
                });
    }

    /**
     * Logs in again every sub-device that is logged in but has no session on the platform (after a reconnection, or
     * a 520), after any pass already running. Completes when this pass is done, successful or not.
     */
    CompletableFuture<Void> loginOffline() {
        synchronized (passLock) {
            passes = passes.handle((done, error) -> null).thenCompose(previous -> pass());
            return passes;
        }
    }

    private CompletableFuture<Void> pass() {
        List<SubDeviceCredentials> offline = sessions.offlineCredentials();
        if (offline.isEmpty() || stopped || !connected.getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("Logging {} sub-devices in again", offline.size());
        CompletableFuture<Void> pass = CompletableFuture.completedFuture(null);
        for (int from = 0; from < offline.size(); from += batchSize) {
            List<SubDeviceCredentials> batch = offline.subList(from, Math.min(offline.size(), from + batchSize));
            pass = pass.thenCompose(previous -> loginAgain(batch));
        }
        return pass.whenComplete((done, error) -> retryOfflineLater());
    }

    /**
     * Logs a batch in again. The platform refuses a batch as a whole and names the sub-devices it refused: those are
     * reported and forgotten, and the rest of the batch is tried again without them. Any other failure leaves the
     * batch offline for a later pass.
     */
    private CompletableFuture<Void> loginAgain(List<SubDeviceCredentials> batch) {
        return Async.attempt(() -> loginBatch(batch)).handle((elements, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = Async.unwrap(error);
            List<DeviceId> named = cause instanceof AlinkReplyException refusal
                    ? SubDeviceEntries.devices(refusal.data()) : List.of();
            List<DeviceId> refusedHere = batch.stream().map(SubDeviceCredentials::device).filter(named::contains)
                    .toList();
            if (refusedHere.isEmpty()) {
                log.warn("{} sub-devices not logged in again, to be retried: {}", batch.size(), cause.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            AlinkReplyException refusal = (AlinkReplyException) cause;
            refusedHere.forEach(device -> refused(device, refusal.code(), refusal.platformMessage()));
            List<SubDeviceCredentials> rest = batch.stream().filter(sub -> !refusedHere.contains(sub.device()))
                    .toList();
            return rest.isEmpty() ? CompletableFuture.<Void>completedFuture(null) : loginAgain(rest);
        }).thenCompose(Function.identity());
    }

    /** Reported once: the sub-device is forgotten, so no later pass tries it again. */
    private void refused(DeviceId device, int code, String message) {
        log.warn("The platform refused to log {} in again ({} {}); it stays logged out until the application logs it"
                + " in", device, code, message);
        forget(List.of(device));
        listener.refused(device, code, message);
    }

    /** Sub-devices still offline after a pass (a timeout, say) get another pass later, with the reconnection delays. */
    private void retryOfflineLater() {
        if (sessions.offlineCredentials().isEmpty()) {
            retries.set(0);
            return;
        }
        if (stopped || !connected.getAsBoolean() || !retryScheduled.compareAndSet(false, true)) {
            // a reconnection starts a pass of its own
            return;
        }
        long delay = backoff.delayMillis(retries.getAndIncrement(), ThreadLocalRandom.current().nextDouble());
        if (!threads.schedule(() -> {
            retryScheduled.set(false);
            loginOffline();
        }, delay)) {
            retryScheduled.set(false);
        }
    }

    /**
     * The platform's error channel names the failed message by envelope id. Code 520 says it has no session for the
     * sub-device (dropped on its side): the sub-device is logged in again and the message, if still held, sent once
     * more; a request waiting for its reply keeps waiting for the resent one. Any other error fails the request.
     */
    void onError(AlinkTopic topic, byte[] payload) {
        AlinkReply error = AlinkReply.parse(payload);
        DeviceId device = topic.device();
        if (error.code() == ReplyCode.NO_ACTIVE_SESSION && !device.equals(gateway) && sessions.isOpen(device)) {
            sessions.offline(device);
            boolean setAside = uplinks.setAside(device, error);
            log.info("The platform has no session of {} (520 for message {}): logging it in again{}", device,
                    error.id(), setAside ? " to send the message once more" : "");
            loginOffline();
            if (setAside) {
                return;
            }
        }
        if (!requests.completeById(error)) {
            log.warn("Platform error on {}: {} {}", topic, error.code(), error.message());
        }
    }

    /** A sub-device deleted from the topology or disabled in the cloud is logged out, and the application told. */
    void onTopoChange(AlinkTopic topic, byte[] payload) {
        if (!topic.device().equals(gateway)) {
            // not this gateway's topology: answering would publish on another device's topic, which the platform
            // refuses by closing the connection
            log.debug("Ignored a topo/change on {}: not this gateway's", topic);
            return;
        }
        AlinkRequest change = AlinkRequest.parse(payload);
        if (REPLY_TO_TOPO_CHANGE && change.wantsReply()) {
            byte[] reply = AlinkReply.success(change.id(), AlinkJson.object()).toBytes();
            uplinks.send(gateway, topic.replyTopic().topic(), reply, 0).whenComplete((sent, error) -> {
                if (error != null) {
                    log.debug("topo/change {} not answered: {}", change.id(), Async.unwrap(error).getMessage());
                }
            });
        }
        int code = change.params().path("status").asInt(-1);
        List<DeviceId> listed = SubDeviceEntries.devices(change.params().path("subList"));
        log.info("topo/change status {} for {} sub-devices", code, listed.size());
        TopoChangeStatus.of(code).filter(TopoChangeStatus::endsSession).ifPresent(status -> {
            forget(listed);
            listed.forEach(sub -> listener.removed(sub, status.code()));
        });
    }
}
