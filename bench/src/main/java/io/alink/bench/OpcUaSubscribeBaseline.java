package io.alink.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only baseline of the OPC UA field row: Milo's client alone subscribes to the same variables as the daemon
 * does, the daemon's way (one session and one subscription a server, published as often as sampled, a data item per
 * variable with the daemon's queue of 10, oldest discarded), and counts the data-change notifications it receives.
 * Nothing is decoded or sent on.
 */
final class OpcUaSubscribeBaseline implements OpcUaSubscription.SubscriptionListener {

    private static final Logger log = LoggerFactory.getLogger(OpcUaSubscribeBaseline.class);
    /** As the daemon's connector asks for them (its Monitoring). */
    private static final int QUEUE_SIZE = 10;
    /** The first publications carry the initial values of every item at once: not a rate. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    /** A server and the variables subscribed to there. */
    record Server(String endpoint, List<NodeId> variables) {
    }

    private final AtomicLong values = new AtomicLong();

    private OpcUaSubscribeBaseline() {
    }

    /** Data-change notifications received per second over {@code window}, once every subscription is made. */
    static double valuesPerSecond(List<Server> servers, Duration sampling, Duration timeout, Duration window) {
        OpcUaSubscribeBaseline baseline = new OpcUaSubscribeBaseline();
        List<OpcUaClient> clients = new ArrayList<>();
        try {
            for (Server server : servers) {
                OpcUaClient client = connect(server.endpoint(), timeout);
                clients.add(client);
                baseline.subscribe(client, server.variables(), sampling);
            }
            Runs.pause(SETTLE.toMillis());
            long before = baseline.values.get();
            long start = System.nanoTime();
            Runs.pause(window.toMillis());
            long received = baseline.values.get() - before;
            return received / Runs.seconds(System.nanoTime() - start);
        } catch (UaException e) {
            throw new IllegalStateException("the OPC UA baseline could not subscribe: " + e.getMessage(), e);
        } finally {
            clients.forEach(OpcUaSubscribeBaseline::disconnect);
        }
    }

    private void subscribe(OpcUaClient client, List<NodeId> variables, Duration sampling) throws UaException {
        OpcUaSubscription subscription = new OpcUaSubscription(client, (double) sampling.toMillis());
        subscription.setSubscriptionListener(this);
        subscription.create();
        subscription.addMonitoredItems(variables.stream().map(node -> {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node);
            item.setSamplingInterval(sampling.toMillis());
            item.setQueueSize(uint(QUEUE_SIZE));
            item.setDiscardOldest(true);
            return item;
        }).toList());
        try {
            subscription.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            throw new IllegalStateException("the server refused monitored items: " + e.getMessage(), e);
        }
    }

    @Override
    public void onDataReceived(OpcUaSubscription from, List<OpcUaMonitoredItem> items, List<DataValue> received) {
        values.addAndGet(received.size());
    }

    private static OpcUaClient connect(String endpoint, Duration timeout) throws UaException {
        OpcUaClient client = OpcUaClient.create(endpoint,
                endpoints -> endpoints.stream().filter(candidate ->
                        SecurityPolicy.None.getUri().equals(candidate.getSecurityPolicyUri())
                                && candidate.getSecurityMode() == MessageSecurityMode.None).findFirst(),
                transport -> transport.setConnectTimeout(uint(timeout.toMillis())),
                config -> config.setRequestTimeout(uint(timeout.toMillis())));
        return client.connect();
    }

    private static void disconnect(OpcUaClient client) {
        try {
            client.disconnect();
        } catch (UaException e) {
            log.debug("Disconnecting the baseline's client: {}", e.toString());
        }
    }
}
