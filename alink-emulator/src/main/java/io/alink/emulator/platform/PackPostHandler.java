package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.store.PropertyStore;
import io.alink.emulator.store.PropertyStore.Reported;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.DeviceValues;
import io.alink.protocol.PackLimits;
import io.alink.protocol.PackPost;
import io.alink.protocol.TimedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A gateway's {@code thing.event.property.pack.post}: its own values and those of up to 20 sub-devices in one
 * message. Refused whole, nothing stored, when it is over a {@linkplain PackLimits#PACK limit}, holds a time more than
 * 24 h ahead, or names a sub-device that is not in this gateway's topology (6401) or not logged in (520); otherwise
 * every property value goes to the property store as a live value.
 */
final class PackPostHandler implements RequestHandler {
    private final SubDeviceChecks checks;
    private final PropertyStore properties;

    PackPostHandler(SubDeviceChecks checks, PropertyStore properties) {
        this.checks = checks;
        this.properties = properties;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        long now = System.currentTimeMillis();
        PackPost pack = PackPost.parse(request.paramsObject(), now);
        RequestRefused.ifOverLimit(pack.limitProblem(PackLimits.PACK), pack.latestTime(), now);
        DeviceId gateway = request.device();
        for (DeviceId sub : pack.devices()) {
            checks.requireAttached(gateway, sub);
            SubDeviceChecks.requireLoggedIn(request.session(), sub);
        }
        List<Reported> values = new ArrayList<>(pack.propertyCount());
        add(values, gateway, pack.properties());
        for (DeviceValues sub : pack.subDevices()) {
            add(values, sub.device(), sub.properties());
        }
        // the reply leaves once the values are committed: a read after it sees them
        return properties.record(values).thenApply(committed -> AlinkJson.object());
    }

    private static void add(List<Reported> values, DeviceId device, Map<String, TimedValue> reported) {
        reported.forEach((identifier, value) -> values.add(new Reported(device, identifier, value, false)));
    }
}
