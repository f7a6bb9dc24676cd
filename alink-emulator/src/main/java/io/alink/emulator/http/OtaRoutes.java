package io.alink.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.ota.FirmwarePackage;
import io.alink.emulator.ota.OtaAdmin;
import io.alink.emulator.ota.OtaJob;
import io.alink.emulator.ota.OtaJobRequest;
import io.alink.emulator.ota.OtaTarget;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.http.Routes;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ota.OtaSignMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The console's firmware upgrades over the admin API: {@code POST /api/firmware} (the file as the body),
 * {@code GET /api/firmware}, {@code POST /api/ota/jobs}, {@code GET /api/ota/jobs} and
 * {@code GET /api/ota/jobs/{id}}. Each a thin translation onto {@link OtaAdmin}.
 */
final class OtaRoutes {
    private static final Set<String> JOB_KEYS = Set.of("firmwareId", "signMethod", "devices", "allOfProduct",
            "sourceVersions");

    private final OtaAdmin ota;

    OtaRoutes(OtaAdmin ota) {
        this.ota = ota;
    }

    void register(Routes routes) {
        routes.add("POST", "/api/firmware", OtaAdmin.MAX_FIRMWARE_BYTES, "64 MiB", this::upload)
                .add("GET", "/api/firmware", this::listFirmware)
                .add("POST", "/api/ota/jobs", this::createJob)
                .add("GET", "/api/ota/jobs", this::listJobs)
                .add("GET", "/api/ota/jobs/{id}", this::getJob);
    }

    private void upload(HttpCall call) {
        String productKey = call.query("productKey")
                .orElseThrow(() -> HttpError.badRequest("the query parameter productKey is missing"));
        String version = call.query("version")
                .orElseThrow(() -> HttpError.badRequest("the query parameter version is missing"));
        byte[] file = call.body();
        FirmwarePackage stored = ota.uploadFirmware(productKey, version, call.query("module").orElse(null), file);
        call.json(201, firmware(stored));
    }

    private void listFirmware(HttpCall call) {
        ArrayNode list = AlinkJson.MAPPER.createArrayNode();
        ota.firmware().forEach(f -> list.add(firmware(f)));
        call.json(200, list);
    }

    private void createJob(HttpCall call) {
        ObjectNode body = call.jsonObject();
        body.fieldNames().forEachRemaining(key -> {
            if (!JOB_KEYS.contains(key)) {
                throw HttpError.badRequest("unknown field " + key + "; the fields are " + JOB_KEYS);
            }
        });
        JsonNode firmwareId = body.get("firmwareId");
        if (firmwareId == null || !firmwareId.isIntegralNumber() || !firmwareId.canConvertToLong()) {
            throw HttpError.badRequest("firmwareId must be the id of a firmware package");
        }
        OtaSignMethod signMethod;
        try {
            signMethod = body.has("signMethod") ? OtaSignMethod.parse(body.get("signMethod").asText())
                    : OtaSignMethod.SHA256;
        } catch (AlinkFormatException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        JsonNode all = body.get("allOfProduct");
        if (all != null && !all.isBoolean()) {
            throw HttpError.badRequest("allOfProduct must be true or false");
        }
        boolean allOfProduct = all != null && all.booleanValue();
        List<DeviceId> devices = devices(body.get("devices"));
        if (allOfProduct == !devices.isEmpty()) {
            throw HttpError.badRequest("give devices: [{productKey, deviceName}, ...] or allOfProduct: true, one of them");
        }
        OtaJob job = ota.createJob(new OtaJobRequest(firmwareId.longValue(), signMethod, devices, allOfProduct,
                strings(body.get("sourceVersions"))));
        call.json(201, job(job));
    }

    private void listJobs(HttpCall call) {
        ArrayNode list = AlinkJson.MAPPER.createArrayNode();
        ota.jobs().forEach(j -> list.add(job(j)));
        call.json(200, list);
    }

    private void getJob(HttpCall call) {
        String id = call.variable("id");
        OtaJob job = (id.matches("\\d{1,18}") ? ota.job(Long.parseLong(id)) : Optional.<OtaJob>empty())
                .orElseThrow(() -> new HttpError(404, "no OTA job " + id));
        call.json(200, job(job));
    }

    private static List<DeviceId> devices(JsonNode node) {
        List<DeviceId> devices = new ArrayList<>();
        if (node == null) {
            return devices;
        }
        if (!node.isArray()) {
            throw HttpError.badRequest("devices must be an array of {productKey, deviceName}");
        }
        for (JsonNode entry : node) {
            try {
                devices.add(DeviceId.of(AlinkJson.text(entry, "productKey"), AlinkJson.text(entry, "deviceName")));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("devices[" + devices.size() + "]: " + e.getMessage());
            }
        }
        return devices;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> strings = new LinkedHashSet<>();
        if (node == null) {
            return strings;
        }
        if (!node.isArray()) {
            throw HttpError.badRequest("sourceVersions must be an array of versions");
        }
        for (JsonNode version : node) {
            if (!version.isTextual() || version.asText().isEmpty()) {
                throw HttpError.badRequest("every entry of sourceVersions must be a version (a string)");
            }
            strings.add(version.asText());
        }
        return strings;
    }

    private static ObjectNode firmware(FirmwarePackage f) {
        return AlinkJson.object().put("id", f.id()).put("productKey", f.productKey()).put("version", f.version())
                .put("module", f.module()).put("size", f.size()).put("md5", f.md5()).put("sha256", f.sha256());
    }

    private static ObjectNode job(OtaJob job) {
        ObjectNode node = AlinkJson.object().put("id", job.id()).put("firmwareId", job.firmware().id())
                .put("productKey", job.firmware().productKey()).put("version", job.firmware().version())
                .put("module", job.firmware().module()).put("signMethod", job.signMethod().wireName())
                .put("created", job.created());
        ArrayNode devices = node.putArray("devices");
        for (OtaTarget target : job.targets()) {
            ObjectNode device = devices.addObject().put("productKey", target.device().productKey())
                    .put("deviceName", target.device().deviceName()).put("state", target.state().name());
            device.put("step", target.step());
            device.put("desc", target.desc());
            device.put("reportedVersion", target.reportedVersion());
        }
        return node;
    }
}
