package io.alink.protocol.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platform's upgrade notice, pushed on {@code /ota/device/upgrade/{pk}/{dn}}:
 * {@code {"code": "1000", "data": {"size", "version", "url", "sign", "signMethod", "md5"?, "module"?, "extData"?},
 * "id", "message"}}. The same {@code data} answers {@code thing/ota/firmware/get} ({@link #fromFirmwareGetReply}).
 *
 * @param id         the message id
 * @param code       the notice's code, {@link #SUCCESS_CODE} for a firmware to install
 * @param message    the notice's message
 * @param size       the file's size in bytes, at least 1
 * @param version    the version the file installs
 * @param url        where to download the file: an absolute http or https URL
 * @param sign       the file's digest by {@code signMethod}, as hex
 * @param signMethod the digest algorithm of {@code sign}
 * @param md5        the file's MD5 as hex, or null; the platform sends it besides a SHA256 sign
 * @param module     the module the file is for, or null for the default module
 * @param extData    the job's extra data (a JSON object), or null; held and handed out as copies
 */
public record OtaUpgradeNotice(String id, String code, String message, long size, String version, String url,
                               String sign, OtaSignMethod signMethod, String md5, String module, ObjectNode extData) {

    /** The code of a notice that carries a firmware, as the platform sends it: a string. */
    public static final String SUCCESS_CODE = "1000";

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /**
     * Checks the fields.
     *
     * @throws AlinkFormatException for a size below 1, a bad version, URL, module, or a sign or md5 that is not
     *                              hex of the method's length
     * @throws NullPointerException when {@code signMethod} is null
     */
    public OtaUpgradeNotice {
        id = Objects.requireNonNullElse(id, "");
        code = Objects.requireNonNullElse(code, SUCCESS_CODE);
        message = Objects.requireNonNullElse(message, "success");
        Objects.requireNonNull(signMethod, "signMethod");
        if (size < 1) {
            throw new AlinkFormatException("size must be at least 1 byte, not " + size);
        }
        OtaFields.requireVersion(version);
        requireDownloadUrl(url);
        requireHex("sign", sign, signMethod.hexLength());
        if (md5 != null) {
            requireHex("md5", md5, OtaSignMethod.MD5.hexLength());
        }
        OtaFields.requireModule(module);
        extData = extData == null ? null : extData.deepCopy();
    }

    /**
     * The job's extra data.
     *
     * @return a copy of it, or null when the notice has none
     */
    @Override
    public ObjectNode extData() {
        return extData == null ? null : extData.deepCopy();
    }

    /**
     * The sign in lower case, to compare with a computed digest.
     *
     * @return the sign as lower-case hex
     */
    public String normalizedSign() {
        return sign.toLowerCase(Locale.ROOT);
    }

    /**
     * The notice's {@code data} object, also the {@code data} of a {@code firmware/get} reply.
     *
     * @return a new JSON object
     */
    public ObjectNode data() {
        ObjectNode data = AlinkJson.object().put("size", size).put("version", version).put("url", url)
                .put("sign", sign).put("signMethod", signMethod.wireName());
        OtaFields.putIfPresent(data, "md5", md5);
        OtaFields.putIfPresent(data, "module", module);
        if (extData != null) {
            data.set("extData", extData.deepCopy());
        }
        return data;
    }

    /**
     * The notice as pushed on the upgrade topic.
     *
     * @return UTF-8 JSON
     */
    public byte[] toBytes() {
        ObjectNode root = AlinkJson.object().put("code", code);
        root.set("data", data());
        if (id.matches("\\d{1,18}")) {
            root.put("id", Long.parseLong(id));
        } else {
            root.put("id", id);
        }
        root.put("message", message);
        return AlinkJson.toBytes(root);
    }

    /**
     * The notice as the reply to a {@code thing/ota/firmware/get} request.
     *
     * @param requestId the id of the request answered
     * @return a success reply carrying {@link #data()}
     */
    public AlinkReply toFirmwareGetReply(String requestId) {
        return AlinkReply.success(requestId, data());
    }

    /**
     * Reads a notice pushed on the upgrade topic.
     *
     * @param payload the message as received
     * @return the notice
     * @throws AlinkFormatException for anything but a well-formed notice
     */
    public static OtaUpgradeNotice parse(byte[] payload) {
        JsonNode root = OtaFields.requireObject(AlinkJson.parse(payload), "an upgrade notice");
        return fromData(OtaFields.optionalText(root, "id"), OtaFields.optionalText(root, "code"),
                OtaFields.optionalText(root, "message"),
                OtaFields.requireObject(root.get("data"), "data"));
    }

    /**
     * Reads the reply to a {@code thing/ota/firmware/get} request.
     *
     * @param reply a success reply
     * @return the pending firmware, empty when the reply carries none ({@link FirmwareGetRequest#noFirmwareReply})
     * @throws AlinkFormatException for a reply whose data is neither empty nor a well-formed notice's data
     * @throws IllegalArgumentException for a reply that is not a success: the caller handles refusals first
     */
    public static Optional<OtaUpgradeNotice> fromFirmwareGetReply(AlinkReply reply) {
        if (!reply.isSuccess()) {
            throw new IllegalArgumentException("firmware/get was refused with code " + reply.code());
        }
        JsonNode data = reply.data();
        if (data == null || data.isNull() || data.isObject() && data.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromData(reply.id(), SUCCESS_CODE, reply.message(), OtaFields.requireObject(data, "data")));
    }

    private static OtaUpgradeNotice fromData(String id, String code, String message, ObjectNode data) {
        JsonNode extData = data.get("extData");
        if (extData != null && !extData.isNull() && !extData.isObject()) {
            throw new AlinkFormatException("extData must be a JSON object");
        }
        return new OtaUpgradeNotice(id, code, message, OtaFields.requiredLong(data, "size"),
                OtaFields.requiredText(data, "version"), OtaFields.requiredText(data, "url"),
                OtaFields.requiredText(data, "sign"), OtaSignMethod.parse(OtaFields.optionalText(data, "signMethod")),
                OtaFields.optionalText(data, "md5"), OtaFields.optionalText(data, "module"),
                extData == null || extData.isNull() ? null : (ObjectNode) extData);
    }

    private static void requireDownloadUrl(String url) {
        if (url == null || url.isEmpty()) {
            throw new AlinkFormatException("url is missing");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new AlinkFormatException("url must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new AlinkFormatException("url is not a URL: " + e.getReason());
        }
    }

    private static void requireHex(String field, String value, int length) {
        if (value == null || value.length() != length || !HEX.matcher(value).matches()) {
            throw new AlinkFormatException(field + " must be " + length + " hex digits");
        }
    }
}
