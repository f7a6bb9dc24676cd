package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a product's remote configuration file is, as {@code thing/config/get_reply} data and {@code thing/config/push}
 * params carry it: {@code {configId, configSize, getType, sign, signMethod, url}}. {@code sign} is the file's digest
 * in hex by {@code signMethod} ({@code Sha256} in Alibaba's example; {@code Md5} accepted too).
 *
 * @param configId   the configuration's id
 * @param configSize the file's size in bytes
 * @param getType    {@code file}, the only type the platform offers
 * @param sign       the file's digest, hex
 * @param signMethod the digest's algorithm
 * @param url        where to download the file (time-limited)
 */
public record ConfigFile(String configId, long configSize, String getType, String sign, String signMethod,
                         String url) {

    /** The only getType and configScope the platform offers. */
    public static final String GET_TYPE_FILE = "file";
    public static final String SCOPE_PRODUCT = "product";
    /** The sign method the emulator uses, spelled as in Alibaba's example reply. */
    public static final String SHA256 = "Sha256";

    /** {@code thing/config/get} params. */
    public static ObjectNode getParams() {
        return AlinkJson.object().put("configScope", SCOPE_PRODUCT).put("getType", GET_TYPE_FILE);
    }

    public ObjectNode toJson() {
        return AlinkJson.object().put("configId", configId).put("configSize", configSize).put("getType", getType)
                .put("sign", sign).put("signMethod", signMethod).put("url", url);
    }

    /** The JCA name of the digest ({@code SHA-256}, {@code MD5}); empty for a method this project does not know. */
    public Optional<String> digestAlgorithm() {
        return switch (signMethod == null ? "" : signMethod.toLowerCase(Locale.ROOT)) {
            case "sha256" -> Optional.of("SHA-256");
            case "md5" -> Optional.of("MD5");
            default -> Optional.empty();
        };
    }

    /**
     * The file described by a reply's data or a push's params; empty when there is none (no url).
     *
     * @throws AlinkFormatException when a url is given without a numeric configSize or a sign
     */
    public static Optional<ConfigFile> parse(JsonNode node) {
        String url = AlinkJson.text(node, "url");
        if (url == null || url.isEmpty()) {
            return Optional.empty();
        }
        String size = AlinkJson.text(node, "configSize");
        String sign = AlinkJson.text(node, "sign");
        if (size == null || !size.matches("\\d{1,18}") || sign == null) {
            throw new AlinkFormatException("a config file needs a configSize and a sign");
        }
        return Optional.of(new ConfigFile(AlinkJson.text(node, "configId"), Long.parseLong(size),
                AlinkJson.text(node, "getType"), sign, AlinkJson.text(node, "signMethod"), url));
    }
}
