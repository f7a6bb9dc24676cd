package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.DeviceId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's one-way OTA report: {@code /ota/device/inform/{pk}/{dn}} (its version, per module) or
 * {@code /ota/device/progress/{pk}/{dn}} (an upgrade's step). The platform does not reply to either, so a malformed
 * report (a step out of range, say) changes nothing and is dropped with a logged reason.
 *
 * @param <T> the report, as the protocol reads it
 */
final class OtaReportHandler<T> implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OtaReportHandler.class);

    private final String what;
    private final Function<byte[], T> parse;
    private final BiConsumer<DeviceId, T> record;

    /** @param what the report's name in the log ("inform", "progress") */
    OtaReportHandler(String what, Function<byte[], T> parse, BiConsumer<DeviceId, T> record) {
        this.what = what;
        this.parse = parse;
        this.record = record;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        T report;
        try {
            report = parse.apply(request.envelope().toBytes());
        } catch (AlinkFormatException e) {
            LOG.info("{} of {} ignored: {}", what, request.device(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        record.accept(request.device(), report);
        return CompletableFuture.completedFuture(null);
    }
}
