package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.store.PropertyStore;
import io.alink.emulator.store.PropertyStore.Reported;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.PackLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code thing.event.property.history.post}: values recorded earlier, each with its original time. A device sends
 * its own; a gateway those of the sub-devices in its topology. Refused whole, nothing stored, when over a
 * {@linkplain PackLimits#HISTORY limit}, a time is more than 24 h ahead, or an entry names a device that is neither
 * the sender nor in its topology (6401). Each value is stored with its time, and becomes a device's latest value
 * only when it is newer than the one held.
 */
final class HistoryPostHandler implements RequestHandler {
    /**
     * UNCONFIRMED: whether the platform takes history of a sub-device that is not logged in. The documentation asks
     * only that it be "attached to the gateway" (in its topology), and history is what was recorded while offline, so
     * no login is required.
     */
    static final boolean REQUIRES_LOGIN = false;

    private final SubDeviceChecks checks;
    private final PropertyStore properties;

    HistoryPostHandler(SubDeviceChecks checks, PropertyStore properties) {
        this.checks = checks;
        this.properties = properties;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        HistoryPost history = HistoryPost.parse(request.envelope().params());
        RequestRefused.ifOverLimit(history.limitProblem(PackLimits.HISTORY), history.latestTime(),
                System.currentTimeMillis());
        DeviceId sender = request.device();
        for (DeviceId device : history.devices()) {
            checks.requireAttached(sender, device);
            if (REQUIRES_LOGIN && !device.equals(sender)) {
                SubDeviceChecks.requireLoggedIn(request.session(), device);
            }
        }
        List<Reported> values = new ArrayList<>();
        for (HistoryPost.Entry entry : history.entries()) {
            entry.properties().forEach(snapshot -> snapshot.forEach((identifier, value) ->
                    values.add(new Reported(entry.device(), identifier, value, true))));
        }
        // the reply leaves once the values are committed: a read after it sees them
        return properties.record(values).thenApply(committed -> AlinkJson.object());
    }
}
