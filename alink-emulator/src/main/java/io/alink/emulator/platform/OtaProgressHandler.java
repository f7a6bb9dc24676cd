package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.ota.OtaProgress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ota/device/progress/{pk}/{dn}}: records an upgrade's step. The platform does not reply, so a step out of
 * range (or any malformed report) changes nothing and is dropped with a logged reason.
 */
final class OtaProgressHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OtaProgressHandler.class);

    private final OtaJobs jobs;

    OtaProgressHandler(OtaJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        try {
            jobs.progressed(request.device(), OtaProgress.parse(request.envelope().toBytes()));
        } catch (AlinkFormatException e) {
            LOG.info("progress of {} ignored: {}", request.device(), e.getMessage());
        }
        return CompletableFuture.completedFuture(null);
    }
}
