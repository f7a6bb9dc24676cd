package io.alink.daemon.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.EventFilterBuilder;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;

/**
 * The connector's subscription on the server: a data item per property (sampled at its samplingMs, with its
 * deadband) and an event item per event's notifier, published as often as the fastest property is sampled. Made
 * once per session on the connector's thread; if the server loses it (it restarted: the subscription cannot be
 * transferred to the new session) {@link #discard} lets the next {@link #ensure} make it anew, so the server never
 * holds two. Milo delivers notifications on its own threads, one subscription's in order.
 */
final class Monitoring implements OpcUaSubscription.SubscriptionListener {

    /** Values sampled between two publications wait in the server; a slow publication loses none of ten. */
    private static final UInteger QUEUE_SIZE = uint(10);
    private static final String TIME_FIELD = "Time";

    /** What an item's notifications are for. */
    private record Binding(OpcUaDevice device, OpcUaDeviceConfig.Property property, OpcUaDeviceConfig.Event event) {
        String what() {
            return property != null ? property.identifier() : "event " + event.identifier() + " ("
                    + event.notifier().toParseableString() + ")";
        }
    }

    private final List<OpcUaDevice> devices;
    private final double publishingMillis;
    private final Consumer<OpcUaSubscription> lost;
    private OpcUaSubscription subscription;
    private boolean synchronizedItems;

    /** @param lost told (on a Milo thread) that the server no longer has this subscription */
    Monitoring(List<OpcUaDevice> devices, Consumer<OpcUaSubscription> lost) {
        this.devices = List.copyOf(devices);
        this.publishingMillis = devices.stream().flatMap(device -> device.config().properties().stream())
                .mapToDouble(property -> property.sampling().toMillis()).min()
                .orElse(OpcUaConnectorConfig.FIRST_RETRY_DELAY.toMillis());
        this.lost = lost;
    }

    /**
     * Makes the subscription and its items where they are missing. Items the server refuses (an unknown node) are
     * told to their device and not asked for again until the next subscription.
     *
     * @throws UaException when the server could not be asked: the next call asks again, for what is still missing
     */
    void ensure(OpcUaClient client) throws UaException {
        if (subscription == null) {
            OpcUaSubscription created = new OpcUaSubscription(client, publishingMillis);
            created.setSubscriptionListener(this);
            created.create();
            created.addMonitoredItems(items());
            subscription = created;
            synchronizedItems = false;
        }
        if (synchronizedItems) {
            return;
        }
        List<MonitoredItemServiceOperationResult> results;
        try {
            subscription.synchronizeMonitoredItems();
            results = List.of();
        } catch (MonitoredItemSynchronizationException e) {
            results = e.getCreateResults();
            for (MonitoredItemServiceOperationResult result : results) {
                if (result.serviceResult().isBad()) {
                    throw new UaException(result.serviceResult(), "creating monitored items");
                }
            }
        }
        synchronizedItems = true;
        results.stream().filter(result -> !result.isGood()).forEach(result -> {
            Binding binding = (Binding) result.monitoredItem().getUserObject().orElseThrow();
            binding.device().refused(binding.what(), OpcUaError.of(result.operationResult().orElse(StatusCode.BAD)));
        });
    }

    /**
     * The server lost {@code lost} (Milo has taken it off the client): if it is the current subscription, the next
     * {@link #ensure} makes it anew.
     *
     * @return whether it was the current subscription
     */
    boolean discard(OpcUaSubscription lost) {
        if (subscription != lost) {
            return false;
        }
        subscription = null;
        return true;
    }

    private List<OpcUaMonitoredItem> items() {
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (OpcUaDevice device : devices) {
            for (OpcUaDeviceConfig.Property property : device.config().properties()) {
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(property.node());
                item.setSamplingInterval(property.sampling().toMillis());
                item.setQueueSize(QUEUE_SIZE);
                item.setDiscardOldest(true);
                if (property.deadband() > 0) {
                    item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue,
                            uint(DeadbandType.Absolute.getValue()), property.deadband()));
                }
                item.setUserObject(new Binding(device, property, null));
                items.add(item);
            }
            for (OpcUaDeviceConfig.Event event : device.config().events()) {
                EventFilterBuilder filter = new EventFilterBuilder()
                        .select(NodeIds.BaseEventType, new QualifiedName(0, TIME_FIELD));
                event.fields().forEach(field -> filter.select(NodeIds.BaseEventType, new QualifiedName(0, field)));
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newEventItem(event.notifier(), filter.build());
                item.setQueueSize(QUEUE_SIZE);
                item.setUserObject(new Binding(device, null, event));
                items.add(item);
            }
        }
        return items;
    }

    @Override
    public void onDataReceived(OpcUaSubscription from, List<OpcUaMonitoredItem> items, List<DataValue> values) {
        Map<OpcUaDevice, Map<Long, Map<String, Object>>> received = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Binding binding = (Binding) items.get(i).getUserObject().orElseThrow();
            DataValue value = values.get(i);
            String identifier = binding.property().identifier();
            if (value.getStatusCode() != null && value.getStatusCode().isBad()) {
                binding.device().valueFault(identifier, OpcUaError.name(value.getStatusCode().getValue()));
                continue;
            }
            try {
                Object json = JsonValues.of(value.getValue());
                received.computeIfAbsent(binding.device(), device -> new TreeMap<>())
                        .computeIfAbsent(timeOf(value), time -> new LinkedHashMap<>()).put(identifier, json);
            } catch (JsonValues.UnmappableException e) {
                binding.device().valueFault(identifier, e.getMessage());
            }
        }
        received.forEach(OpcUaDevice::received);
    }

    /** The source time, which is when the value was sampled; the server's time, or now, when the server gave none. */
    private static long timeOf(DataValue value) {
        for (DateTime time : new DateTime[] {value.getSourceTime(), value.getServerTime()}) {
            if (time != null && !time.isNull()) {
                return time.getJavaTime();
            }
        }
        return System.currentTimeMillis();
    }

    @Override
    public void onEventReceived(OpcUaSubscription from, List<OpcUaMonitoredItem> items, List<Variant[]> fields) {
        for (int i = 0; i < items.size(); i++) {
            Binding binding = (Binding) items.get(i).getUserObject().orElseThrow();
            Variant[] values = fields.get(i);
            long time = values.length > 0 && values[0].getValue() instanceof DateTime happened && !happened.isNull()
                    ? happened.getJavaTime() : System.currentTimeMillis();
            Map<String, Object> params = new LinkedHashMap<>();
            List<String> names = binding.event().fields();
            for (int field = 0; field < names.size() && field + 1 < values.length; field++) {
                try {
                    params.put(names.get(field), JsonValues.of(values[field + 1]));
                } catch (JsonValues.UnmappableException e) {
                    // a field the event type does not have comes as null: the event goes up without it
                    if (!values[field + 1].isNull()) {
                        binding.device().valueFault(binding.what() + "." + names.get(field), e.getMessage());
                    }
                }
            }
            binding.device().event(binding.event(), params, time);
        }
    }

    @Override
    public void onTransferFailed(OpcUaSubscription from, StatusCode status) {
        lost.accept(from);
    }
}
