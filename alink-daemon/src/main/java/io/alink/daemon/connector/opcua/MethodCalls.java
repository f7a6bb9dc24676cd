package io.alink.daemon.connector.opcua;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.Fault;
import io.alink.daemon.connector.FieldReplyCodes;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.ReplyCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;

/**
 * Service calls of one sub-device as OPC UA method calls: the cloud's params are the method's input arguments by
 * name, each converted to its declared type; the output arguments come back as the reply's data, named as the
 * method declares them ({@code output1}, {@code output2} ... when it declares none). A method's arguments are read
 * from the server once per session.
 */
final class MethodCalls {

    /** A method's input arguments with their built-in types, and the names of its outputs. */
    private record Signature(List<Argument> inputs, List<OpcUaDataType> inputTypes, List<String> outputs) {
    }

    private final Map<String, OpcUaDeviceConfig.Service> services;
    private final DataTypes types;
    private final ConnectorMetrics.DeviceMeters meters;
    private final Map<NodeId, CompletableFuture<Signature>> signatures = new ConcurrentHashMap<>();

    MethodCalls(List<OpcUaDeviceConfig.Service> services, DataTypes types, ConnectorMetrics.DeviceMeters meters) {
        this.services = services.stream().collect(Collectors.toUnmodifiableMap(OpcUaDeviceConfig.Service::identifier,
                service -> service));
        this.types = types;
        this.meters = meters;
    }

    boolean maps(String identifier) {
        return services.containsKey(identifier);
    }

    /** @param client the session's client; null when there is no session */
    CompletableFuture<ServiceReply> call(OpcUaClient client, String identifier, JsonNode params) {
        OpcUaDeviceConfig.Service service = services.get(identifier);
        JsonNode arguments = params == null || params.isNull() ? AlinkJson.object() : params;
        if (!arguments.isObject()) {
            return refused("expected an object of input arguments");
        }
        if (client == null) {
            meters.call(true, false);
            return CompletableFuture.completedFuture(ServiceReply.error(FieldReplyCodes.DEVICE_NO_ANSWER,
                    "not called: no session with the OPC UA server"));
        }
        return signature(client, service.method()).thenCompose(signature -> {
            Variant[] inputs;
            try {
                inputs = inputs(identifier, signature, arguments);
            } catch (VariantValues.InvalidValueException e) {
                return refused(e.getMessage());
            }
            return client.callAsync(List.of(new CallMethodRequest(service.object(), service.method(), inputs)))
                    .thenApply(response -> answer(signature, response.getResults()[0]));
        }).exceptionally(error -> {
            OpcUaError failure = OpcUaError.of(error);
            meters.fault(failure.fault());
            meters.call(true, false);
            return ServiceReply.error(failure.replyCode(), "not called: " + failure.message());
        });
    }

    private CompletableFuture<Signature> signature(OpcUaClient client, NodeId method) {
        CompletableFuture<Signature> signature = signatures.computeIfAbsent(method, key -> read(client, key));
        signature.whenComplete((ignored, error) -> {
            if (error != null) {
                signatures.remove(method, signature);
            }
        });
        return signature;
    }

    private CompletableFuture<Signature> read(OpcUaClient client, NodeId method) {
        return client.getAddressSpace().getNodeAsync(method).thenCompose(node -> {
            if (!(node instanceof UaMethodNode methodNode)) {
                return CompletableFuture.failedFuture(new UaException(StatusCodes.Bad_MethodInvalid,
                        method.toParseableString() + " is not a method"));
            }
            CompletableFuture<Argument[]> inputs = arguments(methodNode.readInputArgumentsAsync());
            CompletableFuture<Argument[]> outputs = arguments(methodNode.readOutputArgumentsAsync());
            return inputs.thenCombine(outputs, (in, out) -> List.of(in, out));
        }).thenCompose(declared -> {
            List<Argument> inputs = List.of(declared.get(0));
            List<CompletableFuture<OpcUaDataType>> inputTypes = inputs.stream()
                    .map(argument -> types.builtin(client, argument.getDataType())).toList();
            List<String> outputs = new ArrayList<>();
            for (Argument output : declared.get(1)) {
                outputs.add(output.getName());
            }
            return CompletableFuture.allOf(inputTypes.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                    new Signature(inputs, inputTypes.stream().map(CompletableFuture::join).toList(), outputs));
        });
    }

    /** A method without input (or output) arguments may leave the property out altogether. */
    private static CompletableFuture<Argument[]> arguments(CompletableFuture<Argument[]> read) {
        return read.handle((arguments, error) -> {
            if (error == null) {
                return arguments == null ? new Argument[0] : arguments;
            }
            long status = UaException.extractStatusCode(error).map(StatusCode::getValue).orElse(StatusCodes.Bad);
            if (status == StatusCodes.Bad_NotFound || status == StatusCodes.Bad_NoMatch) {
                return new Argument[0];
            }
            throw new CompletionException(error);
        });
    }

    private static Variant[] inputs(String identifier, Signature signature, JsonNode params)
            throws VariantValues.InvalidValueException {
        List<String> names = signature.inputs().stream().map(Argument::getName).toList();
        for (var keys = params.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!names.contains(key)) {
                throw new VariantValues.InvalidValueException(key + ": no such input argument of " + identifier
                        + (names.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", names) + ")"));
            }
        }
        Variant[] inputs = new Variant[names.size()];
        for (int i = 0; i < inputs.length; i++) {
            JsonNode value = params.get(names.get(i));
            if (value == null || value.isNull()) {
                throw new VariantValues.InvalidValueException(names.get(i) + ": missing input argument of "
                        + identifier);
            }
            try {
                inputs[i] = VariantValues.of(value, signature.inputTypes().get(i),
                        new DataTypes.Shape(signature.inputTypes().get(i), signature.inputs().get(i).getValueRank())
                                .isArray(value.isArray()));
            } catch (VariantValues.InvalidValueException e) {
                throw new VariantValues.InvalidValueException(names.get(i) + ": " + e.getMessage());
            }
        }
        return inputs;
    }

    private ServiceReply answer(Signature signature, CallMethodResult result) {
        if (!result.getStatusCode().isGood()) {
            meters.fault(Fault.EXCEPTION);
            meters.call(true, false);
            return ServiceReply.error(FieldReplyCodes.DEVICE_BAD_STATUS, OpcUaError.name(
                    result.getStatusCode().getValue()) + badInputs(signature, result.getInputArgumentResults()));
        }
        Variant[] outputs = result.getOutputArguments() == null ? new Variant[0] : result.getOutputArguments();
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> unmapped = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            String name = i < signature.outputs().size() ? signature.outputs().get(i) : "output" + (i + 1);
            try {
                data.put(name, JsonValues.of(outputs[i]));
            } catch (JsonValues.UnmappableException e) {
                meters.fault(Fault.VALUE);
                unmapped.add(name + ": " + e.getMessage());
            }
        }
        meters.call(true, true);
        return new ServiceReply(ReplyCode.SUCCESS, AlinkJson.MAPPER.valueToTree(data),
                unmapped.isEmpty() ? null : "success; left out " + String.join("; ", unmapped));
    }

    private static String badInputs(Signature signature, StatusCode[] results) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; results != null && i < results.length && i < signature.inputs().size(); i++) {
            if (results[i].isBad()) {
                bad.add(signature.inputs().get(i).getName() + ": " + OpcUaError.name(results[i].getValue()));
            }
        }
        return bad.isEmpty() ? "" : " (" + String.join(", ", bad) + ")";
    }

    private CompletableFuture<ServiceReply> refused(String message) {
        meters.call(false, false);
        return CompletableFuture.completedFuture(ServiceReply.error(FieldReplyCodes.INVALID_PARAMETER, message));
    }

    void clear() {
        signatures.clear();
    }
}
