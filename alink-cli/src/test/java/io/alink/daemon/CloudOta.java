package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.net.http.HttpResponse;
import java.util.stream.StreamSupport;

/** Firmware and upgrade jobs, through the emulator's admin API. */
record CloudOta(Http cloud) {

    /** Uploads a firmware for {@code device}'s product; its id. */
    long upload(DeviceId device, String version, byte[] file) {
        HttpResponse<String> response = cloud.post("/api/firmware?productKey=" + device.productKey() + "&version="
                + version, file);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return AlinkJson.parse(response.body()).path("id").asLong();
    }

    /** An upgrade job of firmware {@code firmwareId} for {@code device}, which must be online; its id. */
    long job(long firmwareId, DeviceId device) {
        HttpResponse<String> response = cloud.post("/api/ota/jobs", "{\"firmwareId\":" + firmwareId
                + ",\"devices\":[{\"productKey\":\"" + device.productKey() + "\",\"deviceName\":\""
                + device.deviceName() + "\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return AlinkJson.parse(response.body()).path("id").asLong();
    }

    /** The job's entry for {@code device}: its state, step, desc and reported version. */
    JsonNode target(long job, DeviceId device) {
        return StreamSupport.stream(cloud.getJson("/api/ota/jobs/" + job).path("devices").spliterator(), false)
                .filter(d -> d.path("deviceName").asText().equals(device.deviceName())).findFirst().orElseThrow();
    }
}
