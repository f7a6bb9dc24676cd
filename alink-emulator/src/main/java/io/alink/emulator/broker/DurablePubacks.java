package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.interceptor.puback.PubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundOutput;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each QoS 1 PUBACK of one connection until its message is committed, so that the publish interceptor can let
 * the connection's next messages in meanwhile and one commit takes many of them. One instance per connection: its
 * messages are keyed by packet id, which the client reuses only after the PUBACK.
 *
 * <p>HiveMQ runs this on the same per-client queue as the publish interceptor, in order: PUBACKs leave in the order of
 * the PUBLISHes, and while one waits the client's later tasks wait behind it, which is what bounds how many of its
 * messages are taken ahead of their commit. An outbound PUBACK cannot be dropped nor turned into an error (HiveMQ
 * sends it even when the interceptor fails or times out), so a message that cannot be committed gets its connection
 * closed before the PUBACK is released: the honest answer for MQTT 3 and 5 alike.
 */
final class DurablePubacks implements PubackOutboundInterceptor {

    private static final Logger log = LoggerFactory.getLogger(DurablePubacks.class);
    /** A commit that takes longer than this means the database is stuck: the connection is closed unacknowledged. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
    /** HiveMQ's own timeout would send the PUBACK: it must come after ours and the close that follows it. */
    private static final Duration HOLD_LIMIT = COMMIT_TIMEOUT.multipliedBy(2);

    private final ClientService clients;
    private final Map<Integer, CompletableFuture<Void>> uncommitted = new ConcurrentHashMap<>();

    DurablePubacks(ClientService clients) {
        this.clients = clients;
    }

    /** The PUBACK of {@code packetId} waits for {@code durable}. */
    void hold(int packetId, CompletionStage<Void> durable) {
        CompletableFuture<Void> commit = durable.toCompletableFuture();
        if (!commit.isDone() || commit.isCompletedExceptionally()) {
            uncommitted.put(packetId, commit);
        }
    }

    @Override
    public void onOutboundPuback(PubackOutboundInput input, PubackOutboundOutput output) {
        CompletableFuture<Void> commit = uncommitted.remove(input.getPubackPacket().getPacketIdentifier());
        if (commit == null || commit.isDone() && !commit.isCompletedExceptionally()) {
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        Async<PubackOutboundOutput> async = output.async(HOLD_LIMIT);
        commit.copy().orTimeout(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((none, failure) -> {
            if (failure == null) {
                async.resume();
                return;
            }
            log.warn("A message of {} is not in the message log; closing the connection instead of acknowledging it",
                    clientId, failure);
            // the PUBACK written after the close goes nowhere
            clients.disconnectClient(clientId).whenComplete((closed, refused) -> async.resume());
        });
    }
}
