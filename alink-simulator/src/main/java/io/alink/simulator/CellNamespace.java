package io.alink.simulator;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.EventItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * The simulator's address space: one object, {@value #CELL}, under Objects, with variables of several data types
 * (some changing each tick, two writable), two methods and an event notifier. Node ids are strings in this
 * namespace: {@code ns=2;s=Cell7.Temperature}.
 */
final class CellNamespace extends SubscribedNamespace {

    static final String URI = "urn:io.alink:simulator:cell";
    static final String CELL = "Cell7";
    private static final int LEVELS = 3;

    private static final Set<String> CHANGING = Set.of("Temperature", "Count", "Levels", "Clock");

    private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();
    /** What it serves, a line per node, for a person reading {@code ./alink simulate opcua}. */
    private final List<String> described = new CopyOnWriteArrayList<>();
    /** The event items on the cell: the server's own notifier serves only items on its Server object. */
    private final Set<EventItem> eventItems = new CopyOnWriteArraySet<>();
    private UaObjectNode cell;

    CellNamespace(OpcUaServer server) {
        super(server, URI);
        getLifecycleManager().addStartupTask(this::addNodes);
    }

    private void addNodes() {
        cell = UaObjectNode.builder(getNodeContext())
                .setNodeId(newNodeId(CELL))
                .setBrowseName(newQualifiedName(CELL))
                .setDisplayName(LocalizedText.english(CELL))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .setEventNotifier(ubyte(1))
                .build();
        getNodeManager().addNode(cell);
        cell.addReference(new Reference(cell.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        variable("Temperature", NodeIds.Double, new Variant(20.0), false);
        variable("Count", NodeIds.UInt32, new Variant(uint(0)), false);
        variable("Levels", NodeIds.Double, new Variant(new Double[LEVELS]), false);
        variable("Clock", NodeIds.DateTime, new Variant(DateTime.now()), false);
        variable("Running", NodeIds.Boolean, new Variant(false), false);
        variable("Name", NodeIds.String, new Variant("CELL-7"), false);
        variable("Energy", NodeIds.Int64, new Variant(-9_000_000_000L), false);
        variable("Pressure", NodeIds.Float, new Variant(1.25f), false);
        variable("StartedAt", NodeIds.DateTime, new Variant(DateTime.now()), false);
        variable("Setpoint", NodeIds.Double, new Variant(21.5), true);
        variable("Mode", NodeIds.Int16, new Variant((short) 1), true);
        method("Start", new Argument[] {argument("Speed", NodeIds.Int32)},
                new Argument[] {argument("Accepted", NodeIds.Boolean), argument("StartedAt", NodeIds.DateTime)},
                this::start);
        described.add(cell.getNodeId().toParseableString() + " (event notifier: BaseEventType events)");
        method("Calibrate", new Argument[0], new Argument[0], inputs -> {
            // a method that always fails, as a device refuses a command in the wrong state
            throw new UaException(StatusCode.of(StatusCodes.Bad_InvalidState),
                    "the cell calibrates only when stopped");
        });
    }

    private void variable(String name, NodeId dataType, Variant initial, boolean writable) {
        boolean array = initial.getValue() != null && initial.getValue().getClass().isArray();
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(CELL + "." + name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(dataType)
                .setValueRank(array ? 1 : -1)
                .setArrayDimensions(array ? new UInteger[] {uint(0)} : null)
                .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .build();
        node.setUserAccessLevel(AccessLevel.toValue(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY));
        node.setValue(new DataValue(initial, StatusCode.GOOD, DateTime.now()));
        getNodeManager().addNode(node);
        cell.addComponent(node);
        variables.put(name, node);
        described.add(node.getNodeId().toParseableString() + " (" + OpcUaDataType.fromNodeId(dataType)
                + (array ? "[]" : "") + (writable ? ", writable" : CHANGING.contains(name) ? ", changing" : "") + ")");
    }

    private void method(String name, Argument[] inputs, Argument[] outputs, Invocation invocation) {
        UaMethodNode node = UaMethodNode.builder(getNodeContext())
                .setNodeId(newNodeId(CELL + "." + name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .build();
        node.setInputArguments(inputs);
        node.setOutputArguments(outputs);
        node.setInvocationHandler(new AbstractMethodInvocationHandler(node) {
            @Override
            public Argument[] getInputArguments() {
                return inputs;
            }

            @Override
            public Argument[] getOutputArguments() {
                return outputs;
            }

            @Override
            protected Variant[] invoke(InvocationContext context, Variant[] values) throws UaException {
                return invocation.invoke(values);
            }
        });
        getNodeManager().addNode(node);
        cell.addComponent(node);
        described.add(node.getNodeId().toParseableString() + " (method of " + cell.getNodeId().toParseableString()
                + ": " + signature(inputs) + " -> " + signature(outputs) + ")");
    }

    private static String signature(Argument[] arguments) {
        List<String> names = new ArrayList<>();
        for (Argument argument : arguments) {
            names.add(argument.getName() + " " + OpcUaDataType.fromNodeId(argument.getDataType()));
        }
        return "(" + String.join(", ", names) + ")";
    }

    private Variant[] start(Variant[] inputs) {
        int speed = (Integer) inputs[0].getValue();
        DateTime now = DateTime.now();
        set("Running", true);
        set("StartedAt", now);
        fireEvent("Cell7 started at speed " + speed, 100);
        return new Variant[] {new Variant(true), new Variant(now)};
    }

    private static Argument argument(String name, NodeId dataType) {
        return new Argument(name, dataType, -1, null, LocalizedText.english(name));
    }

    /** A line per node served: its id, its type, whether it changes or takes writes. */
    List<String> describe() {
        return List.copyOf(described);
    }

    /** One tick of the changing variables, each stamped with the time it was sampled. */
    void tick(long tick, long elapsedMillis) {
        double phase = 2 * Math.PI * (elapsedMillis % 60_000) / 60_000.0;
        set("Temperature", 20 + 5 * Math.sin(phase));
        set("Count", uint(tick % 4_294_967_296L));
        Double[] levels = new Double[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            levels[i] = Math.round(500 + 400 * Math.sin(phase + i)) / 10.0;
        }
        set("Levels", levels);
        set("Clock", DateTime.now());
    }

    /** Sets a variable as a sensor update does: a new value with the current source time. */
    void set(String name, Object value) {
        node(name).setValue(new DataValue(new Variant(value), StatusCode.GOOD, DateTime.now()));
    }

    /** The variable's value as a Java object (Milo's types: UInteger, DateTime, Double[] ...). */
    Object value(String name) {
        return node(name).getValue().getValue().getValue();
    }

    /** Fires an event of BaseEventType from the cell to the event items on it. */
    void fireEvent(String message, int severity) {
        if (eventItems.isEmpty()) {
            return;
        }
        try {
            BaseEventTypeNode event = getServer().getEventFactory().createEvent(newNodeId(UUID.randomUUID()),
                    NodeIds.BaseEventType);
            event.setBrowseName(newQualifiedName("CellEvent"));
            event.setDisplayName(LocalizedText.english("CellEvent"));
            event.setEventId(ByteString.of(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
            event.setEventType(NodeIds.BaseEventType);
            event.setSourceNode(cell.getNodeId());
            event.setSourceName(CELL);
            event.setTime(DateTime.now());
            event.setReceiveTime(DateTime.NULL_VALUE);
            event.setMessage(LocalizedText.english(message));
            event.setSeverity(ushort(severity));
            eventItems.forEach(item -> item.onEvent(event));
            event.delete();
        } catch (UaException e) {
            throw new IllegalStateException("cannot create an event: " + e.getMessage(), e);
        }
    }

    private UaVariableNode node(String name) {
        UaVariableNode node = variables.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no variable " + name + "; there are " + variables.keySet());
        }
        return node;
    }

    @Override
    public void onEventItemsCreated(List<EventItem> items) {
        items.stream().filter(this::onCell).forEach(eventItems::add);
    }

    @Override
    public void onEventItemsModified(List<EventItem> items) {
        items.stream().filter(this::onCell).forEach(item -> {
            if (item.isSamplingEnabled()) {
                eventItems.add(item);
            } else {
                eventItems.remove(item);
            }
        });
    }

    @Override
    public void onEventItemsDeleted(List<EventItem> items) {
        items.forEach(eventItems::remove);
    }

    private boolean onCell(EventItem item) {
        return item.isSamplingEnabled() && item.getReadValueId().getNodeId().equals(cell.getNodeId());
    }

    /** A method's body: its input arguments, validated against their declaration, to its outputs. */
    @FunctionalInterface
    private interface Invocation {
        Variant[] invoke(Variant[] inputs) throws UaException;
    }
}
