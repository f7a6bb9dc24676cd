package io.alink.daemon.connector.opcua;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * The built-in types behind variables (what a write must send) and method arguments, as the server declares them.
 * A variable's type is read once and kept until {@link #clear()} (a new session: the server may have restarted with
 * another address space); a type that is not built-in (an enumeration, UtcTime, Duration ...) is resolved through
 * the server's type tree, which is read once per client, on the connector's thread since the read blocks.
 */
final class DataTypes {

    /**
     * A value's built-in type and value rank (-1 scalar, 1 and up arrays; -2 and -3 take either, decided by the
     * value given).
     */
    record Shape(OpcUaDataType type, int valueRank) {
        boolean isArray(boolean given) {
            return valueRank >= 0 || (valueRank < -1 && given);
        }
    }

    private final Executor blocking;
    private final Map<NodeId, CompletableFuture<Shape>> variables = new ConcurrentHashMap<>();

    /** @param blocking where the type tree is read */
    DataTypes(Executor blocking) {
        this.blocking = blocking;
    }

    /** The shape of variable {@code node}'s value; a failed read is not kept, the next write reads again. */
    CompletableFuture<Shape> variable(OpcUaClient client, NodeId node) {
        CompletableFuture<Shape> shape = variables.computeIfAbsent(node, key -> read(client, key));
        shape.whenComplete((ignored, error) -> {
            if (error != null) {
                variables.remove(node, shape);
            }
        });
        return shape;
    }

    private CompletableFuture<Shape> read(OpcUaClient client, NodeId node) {
        List<ReadValueId> attributes = List.of(
                new ReadValueId(node, AttributeId.DataType.uid(), null, null),
                new ReadValueId(node, AttributeId.ValueRank.uid(), null, null));
        return client.readAsync(0.0, TimestampsToReturn.Neither, attributes).thenCompose(response -> {
            DataValue type = response.getResults()[0];
            DataValue rank = response.getResults()[1];
            if (!type.getStatusCode().isGood()) {
                return CompletableFuture.failedFuture(new UaException(type.getStatusCode()));
            }
            int valueRank = rank.getValue().getValue() instanceof Integer declared ? declared : -1;
            return builtin(client, (NodeId) type.getValue().getValue())
                    .thenApply(builtin -> new Shape(builtin, valueRank));
        });
    }

    /** The built-in type that carries values of {@code dataType}. */
    CompletableFuture<OpcUaDataType> builtin(OpcUaClient client, NodeId dataType) {
        if (OpcUaDataType.isBuiltin(dataType)) {
            return CompletableFuture.completedFuture(OpcUaDataType.fromNodeId(dataType));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                OpcUaDataType builtin = client.getDataTypeTree().getBuiltinType(dataType);
                if (builtin == null) {
                    throw new UaException(StatusCodes.Bad_DataTypeIdUnknown, "data type "
                            + dataType.toParseableString() + " is not in the server's type tree");
                }
                return builtin;
            } catch (UaException e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }

    void clear() {
        variables.clear();
    }
}
