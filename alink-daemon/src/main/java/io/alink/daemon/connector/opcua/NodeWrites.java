package io.alink.daemon.connector.opcua;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.Fault;
import io.alink.daemon.connector.FieldReplyCodes;
import io.alink.gateway.ServiceReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;

/**
 * Property sets of one sub-device: every property is checked (mapped, writable) and every value converted to the
 * type the server declares for its variable before anything is sent; then all of them go in one Write request.
 * The cloud is answered 200 only when the server accepted every value.
 */
final class NodeWrites {

    private final Map<String, OpcUaDeviceConfig.Property> properties;
    private final DataTypes types;
    private final ConnectorMetrics.DeviceMeters meters;

    NodeWrites(List<OpcUaDeviceConfig.Property> properties, DataTypes types, ConnectorMetrics.DeviceMeters meters) {
        this.properties = properties.stream().collect(Collectors.toUnmodifiableMap(
                OpcUaDeviceConfig.Property::identifier, property -> property));
        this.types = types;
        this.meters = meters;
    }

    /** @param client the session's client; null when there is no session */
    CompletableFuture<ServiceReply> write(OpcUaClient client, JsonNode params) {
        Map<OpcUaDeviceConfig.Property, JsonNode> values = new LinkedHashMap<>();
        String refusal = check(params, values);
        if (refusal != null) {
            return refused(refusal);
        }
        if (client == null) {
            meters.write(true, false);
            return CompletableFuture.completedFuture(ServiceReply.error(FieldReplyCodes.DEVICE_NO_ANSWER,
                    "not written: no session with the OPC UA server"));
        }
        List<OpcUaDeviceConfig.Property> order = List.copyOf(values.keySet());
        List<CompletableFuture<DataTypes.Shape>> shapes = order.stream()
                .map(property -> types.variable(client, property.node())).toList();
        return CompletableFuture.allOf(shapes.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            List<WriteValue> writes = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                OpcUaDeviceConfig.Property property = order.get(i);
                JsonNode value = values.get(property);
                DataTypes.Shape shape = shapes.get(i).join();
                try {
                    Variant variant = VariantValues.of(value, shape.type(), shape.isArray(value.isArray()));
                    writes.add(new WriteValue(property.node(), AttributeId.Value.uid(), null,
                            DataValue.valueOnly(variant)));
                } catch (VariantValues.InvalidValueException e) {
                    return refused(property.identifier() + ": " + e.getMessage());
                }
            }
            return client.writeAsync(writes).thenApply(response -> answer(order, response.getResults()));
        }).exceptionally(error -> {
            OpcUaError failure = OpcUaError.of(error);
            meters.fault(failure.fault());
            meters.write(true, false);
            return ServiceReply.error(failure.replyCode(), "not written: " + failure.message());
        });
    }

    /** The refusal of the first property that is not mapped or read-only; null when all can be written. */
    private String check(JsonNode params, Map<OpcUaDeviceConfig.Property, JsonNode> values) {
        if (params == null || !params.isObject() || params.isEmpty()) {
            return "expected an object of at least one property and its value";
        }
        for (var fields = params.fields(); fields.hasNext(); ) {
            var field = fields.next();
            OpcUaDeviceConfig.Property property = properties.get(field.getKey());
            String refusal = property == null ? "no such property on this device"
                    : property.writable() ? null : "read-only";
            if (refusal != null) {
                return field.getKey() + ": " + refusal;
            }
            values.put(property, field.getValue());
        }
        return null;
    }

    private CompletableFuture<ServiceReply> refused(String message) {
        meters.write(false, false);
        return CompletableFuture.completedFuture(ServiceReply.error(FieldReplyCodes.INVALID_PARAMETER, message));
    }

    private ServiceReply answer(List<OpcUaDeviceConfig.Property> order, StatusCode[] results) {
        List<String> written = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (results[i].isGood()) {
                written.add(order.get(i).identifier());
            } else {
                refused.add(order.get(i).identifier() + " not written: " + OpcUaError.name(results[i].getValue()));
            }
        }
        meters.write(true, refused.isEmpty());
        if (refused.isEmpty()) {
            return ServiceReply.success(Map.of());
        }
        meters.fault(Fault.EXCEPTION);
        return ServiceReply.error(FieldReplyCodes.DEVICE_BAD_STATUS, String.join("; ", refused)
                + (written.isEmpty() ? "" : "; written: " + String.join(", ", written)));
    }
}
