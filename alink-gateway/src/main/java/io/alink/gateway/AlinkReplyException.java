package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.List;

/**
 * The platform answered a request with a code other than 200. The message names the request and its devices, the
 * code and the platform's message, and for the codes that have one what to check ({@link ReplyCode#hint}). Carries
 * the code, the platform's message, the reply's {@code data} (for a refused batch login, the offending sub-devices)
 * and, for a request the client split into batches, the sub-devices of the batches that had already succeeded.
 */
public class AlinkReplyException extends GatewayException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String platformMessage;
    private final transient JsonNode data;
    private final String hint;
    private final List<DeviceId> completed;

    /**
     * @param what            the request, naming the devices it was for ({@code "login of a1SubPk001/sub01"})
     * @param code            the reply's code
     * @param platformMessage the reply's message
     * @param data            the reply's {@code data}, a JSON null node when it had none
     */
    public AlinkReplyException(String what, int code, String platformMessage, JsonNode data) {
        this(what, code, platformMessage, data, ReplyCode.hint(code).orElse(null), List.of());
    }

    /** A refusal with a {@code hint} of its own, such as one naming a folder; null for none. */
    AlinkReplyException(String what, int code, String platformMessage, JsonNode data, String hint) {
        this(what, code, platformMessage, data, hint, List.of());
    }

    private AlinkReplyException(String what, int code, String platformMessage, JsonNode data, String hint,
                                List<DeviceId> completed) {
        super(what + " failed: " + code + " "
                + (hint == null ? platformMessage : ReplyCode.explained(platformMessage, hint)));
        this.code = code;
        this.platformMessage = platformMessage;
        this.data = data;
        this.hint = hint;
        this.completed = List.copyOf(completed);
    }

    /** The same refusal, noting the sub-devices earlier batches of the same call had already done. */
    AlinkReplyException withCompleted(String what, List<DeviceId> done) {
        return new AlinkReplyException(what, code, platformMessage, data, hint, done);
    }

    /** {@return the reply's code, such as 6401 (see {@link ReplyCode})} */
    public int code() {
        return code;
    }

    /** {@return the reply's message, as the platform worded it} */
    public String platformMessage() {
        return platformMessage;
    }

    /** {@return the reply's {@code data}; a JSON null node when it had none. Read-only} */
    public JsonNode data() {
        return data;
    }

    /** {@return the sub-devices done by earlier batches before this one was refused; empty for a single request} */
    public List<DeviceId> completed() {
        return completed;
    }
}
