package io.alink.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.InvalidRequestException;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.protocol.DeviceId;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The southbound API's routes for firmware updates ({@link DaemonOta}): an adapter reports how an upgrade it was
 * handed goes, and the version its device runs. Both are answered 204 once the platform acknowledged the message;
 * bad input 400 and a device that is not online 409, with nothing sent.
 */
final class OtaRoutes {

    private static final Set<String> PROGRESS_KEYS = Set.of("step", "desc", "module");
    private static final Set<String> VERSION_KEYS = Set.of("version", "module");

    private final GatewayClient client;
    private final Function<HttpCall, DeviceId> accepting;

    /** @param accepting the gateway or a configured sub-device named by the call's path, else an HttpError */
    OtaRoutes(GatewayClient client, Function<HttpCall, DeviceId> accepting) {
        this.client = client;
        this.accepting = accepting;
    }

    /** {@code POST /v1/devices/{pk}/{dn}/ota/progress} {@code {step, desc?, module?}}. */
    void progress(HttpCall call) {
        DeviceId device = accepting.apply(call);
        ObjectNode body = body(call, PROGRESS_KEYS);
        JsonNode step = body.get("step");
        if (step == null || !step.isIntegralNumber() || !step.canConvertToInt()) {
            throw HttpError.badRequest("step is required: 1 to 100, or -1 (upgrade failed), -2 (download failed),"
                    + " -3 (verification failed) or -4 (flash failed)");
        }
        String desc = text(body, "desc");
        String module = text(body, "module");
        send(call, device, () -> client.ota().reportProgress(device, step.intValue(), desc, module));
    }

    /** {@code POST /v1/devices/{pk}/{dn}/version} {@code {version, module?}}: informed to the platform. */
    void version(HttpCall call) {
        DeviceId device = accepting.apply(call);
        ObjectNode body = body(call, VERSION_KEYS);
        String version = text(body, "version");
        if (version == null) {
            throw HttpError.badRequest("version is required: the version the device runs now");
        }
        String module = text(body, "module");
        send(call, device, () -> client.ota().inform(device, version, module));
    }

    private void send(HttpCall call, DeviceId device, Supplier<CompletableFuture<Void>> message) {
        CompletableFuture<Void> sent;
        try {
            sent = message.get();
        } catch (InvalidRequestException e) {
            if (!device.equals(client.gatewayId()) && !client.loggedIn().contains(device)) {
                throw new HttpError(409, device + " is not online: its OTA messages cannot be sent now");
            }
            throw HttpError.badRequest(e.getMessage());
        }
        call.later(sent.handle((done, error) -> {
            if (error == null) {
                call.noContent();
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                call.error(503, "not sent: " + cause.getMessage());
            }
            return null;
        }));
    }

    private static ObjectNode body(HttpCall call, Set<String> keys) {
        ObjectNode body = call.jsonObject();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw HttpError.badRequest("unknown key '" + name + "'; expected " + String.join(", ",
                        keys.stream().sorted().toList()));
            }
        }
        return body;
    }

    private static String text(ObjectNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HttpError.badRequest(key + " must be a string");
        }
        return value.asText();
    }
}
