package io.alink.simulator;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * Many fast-changing variables for load: object {@value #OBJECT} under Objects with Int32 variables
 * {@code Generated.V0} to {@code Generated.V<count - 1>}, each a counter that every tick moves on by one (variable
 * {@code i} holds {@code tick + i}), so that a data item sampled once a tick finds a new value each time. Kept apart
 * from the {@link CellNamespace}, which the tests and the demo read node by node.
 */
final class GeneratedNamespace extends SubscribedNamespace {

    static final String URI = "urn:io.alink:simulator:generated";
    static final String OBJECT = "Generated";

    private final int count;
    private final List<UaVariableNode> variables = new ArrayList<>();

    GeneratedNamespace(OpcUaServer server, int count) {
        super(server, URI);
        this.count = count;
        getLifecycleManager().addStartupTask(this::addNodes);
    }

    private void addNodes() {
        UaObjectNode object = UaObjectNode.builder(getNodeContext())
                .setNodeId(newNodeId(OBJECT))
                .setBrowseName(newQualifiedName(OBJECT))
                .setDisplayName(LocalizedText.english(OBJECT))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(object);
        object.addReference(new Reference(object.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        DateTime now = DateTime.now();
        for (int i = 0; i < count; i++) {
            String name = "V" + i;
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(OBJECT + "." + name))
                    .setBrowseName(newQualifiedName(name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(NodeIds.Int32)
                    .setAccessLevel(AccessLevel.READ_ONLY)
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .build();
            node.setValue(new DataValue(new Variant(i), StatusCode.GOOD, now));
            getNodeManager().addNode(node);
            object.addComponent(node);
            variables.add(node);
        }
    }

    /** The id of variable {@code index}, as a client names it: {@code ns=3;s=Generated.V17}. */
    NodeId node(int index) {
        return variables.get(index).getNodeId();
    }

    /** One line for a person reading {@code ./alink simulate opcua}. */
    String describe() {
        return newNodeId(OBJECT + ".V0").toParseableString() + " to V" + (count - 1) + " (" + count
                + " Int32, changing)";
    }

    /** Every variable moves on by one, all stamped with the same source time. */
    void tick(long tick) {
        DateTime now = DateTime.now();
        for (int i = 0; i < variables.size(); i++) {
            variables.get(i).setValue(new DataValue(new Variant((int) (tick + i)), StatusCode.GOOD, now));
        }
    }
}
