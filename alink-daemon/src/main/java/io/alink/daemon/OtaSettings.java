package io.alink.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ota.OtaInform;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Firmware updates (OTA) in a gateway.yaml: the {@code ota} key ({@code gatewayCommand}, the hook that installs the
 * gateway's own firmware, and {@code version}, the gateway's running version) and the optional {@code version} of
 * each of {@code subDevices}. The versions are informed at bring-up.
 *
 * @param gatewayCommand the hook's program and arguments; the verified file's path is appended. Empty when none is
 *                       configured: then the gateway's own upgrade notices are reported as failed
 * @param gatewayVersion the gateway's running version; null when not given
 * @param versions       the running version of the sub-devices that gave one
 */
public record OtaSettings(List<String> gatewayCommand, String gatewayVersion, Map<DeviceId, String> versions) {

    static final String KEY = "ota";
    static final String VERSION = "version";
    static final OtaSettings NONE = new OtaSettings(List.of(), null, Map.of());
    private static final Set<String> KEYS = Set.of("gatewayCommand", VERSION);

    public OtaSettings {
        gatewayCommand = List.copyOf(gatewayCommand);
        versions = Map.copyOf(versions);
    }

    /**
     * @param ota        the {@code ota} mapping, or null
     * @param subDevices the {@code subDevices} list, already checked to be mappings with productKey and deviceName
     */
    static OtaSettings parse(JsonNode ota, JsonNode subDevices) throws ConfigException {
        Map<DeviceId, String> versions = new LinkedHashMap<>();
        if (subDevices != null && subDevices.isArray()) {
            int i = 0;
            for (Iterator<JsonNode> entries = subDevices.elements(); entries.hasNext(); i++) {
                ObjectNode entry = (ObjectNode) entries.next();
                String path = "subDevices[" + i + "]";
                String version = version(entry, path);
                if (version != null) {
                    versions.put(DeviceId.of(entry.get("productKey").asText(), entry.get("deviceName").asText()),
                            version);
                }
            }
        }
        if (ota == null || ota.isNull()) {
            return new OtaSettings(List.of(), null, versions);
        }
        ObjectNode settings = ConfigNodes.object(ota, KEY, KEYS);
        return new OtaSettings(command(settings.get("gatewayCommand")), version(settings, KEY), versions);
    }

    private static List<String> command(JsonNode node) throws ConfigException {
        String path = KEY + ".gatewayCommand";
        List<String> command = new ArrayList<>();
        Iterator<JsonNode> parts = ConfigNodes.list(node, path);
        for (int i = 0; parts.hasNext(); i++) {
            JsonNode part = parts.next();
            if (!part.isTextual() || part.asText().isEmpty()) {
                throw new ConfigException(null, path + "[" + i + "]", "expected a non-empty string, found "
                        + ConfigNodes.describe(part));
            }
            command.add(part.asText());
        }
        if (node != null && !node.isNull() && command.isEmpty()) {
            throw new ConfigException(null, path, "expected the program and its arguments, such as"
                    + " [\"/usr/local/bin/install-firmware\", \"--reboot\"]; the firmware's path is appended");
        }
        return command;
    }

    /** A version as the platform takes it (1 to 64 characters, no control characters), or null. */
    private static String version(ObjectNode object, String path) throws ConfigException {
        String version = ConfigNodes.optionalText(object, path, VERSION);
        if (version == null) {
            return null;
        }
        try {
            new OtaInform("", version, null);
        } catch (AlinkFormatException e) {
            throw new ConfigException(null, ConfigNodes.at(path, VERSION), e.getMessage());
        }
        return version;
    }
}
