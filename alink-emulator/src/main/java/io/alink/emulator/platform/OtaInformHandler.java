package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.ota.OtaInform;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ota/device/inform/{pk}/{dn}}: records the version a device runs, per module. The platform does not reply,
 * so a malformed inform is dropped with a logged reason.
 */
final class OtaInformHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OtaInformHandler.class);

    private final OtaJobs jobs;

    OtaInformHandler(OtaJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        try {
            jobs.informed(request.device(), OtaInform.parse(request.envelope().toBytes()));
        } catch (AlinkFormatException e) {
            LOG.info("inform of {} ignored: {}", request.device(), e.getMessage());
        }
        return CompletableFuture.completedFuture(null);
    }
}
