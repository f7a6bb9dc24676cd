package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.ota.FirmwareGetRequest;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code thing/ota/firmware/get}: answers with the data of the newest upgrade notice waiting for the device (for the
 * module asked about), or with {@link FirmwareGetRequest#noFirmwareReply empty data} when none waits.
 */
final class FirmwareGetHandler implements RequestHandler {
    private final OtaJobs jobs;

    FirmwareGetHandler(OtaJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        FirmwareGetRequest get = FirmwareGetRequest.parse(request.envelope().toBytes());
        JsonNode data = jobs.pendingNotice(request.device(), get.module()).map(OtaUpgradeNotice::data)
                .map(JsonNode.class::cast).orElseGet(() -> FirmwareGetRequest.noFirmwareReply(get.id()).data());
        return CompletableFuture.completedFuture(data);
    }
}
