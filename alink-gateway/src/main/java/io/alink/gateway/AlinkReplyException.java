package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;
import java.util.List;

/**
 * The platform answered a request with a code other than 200. Carries the code, the platform's message, the reply's
 * {@code data} (for a refused batch login, the offending sub-devices) and, for a request the client split into
 * batches, the sub-devices of the batches that had already succeeded.
 */
public class AlinkReplyException extends GatewayException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String platformMessage;
    private final transient JsonNode data;
    private final List<DeviceId> completed;

    public AlinkReplyException(String what, int code, String platformMessage, JsonNode data) {
        this(what, code, platformMessage, data, List.of());
    }

    private AlinkReplyException(String what, int code, String platformMessage, JsonNode data,
                                List<DeviceId> completed) {
        super(what + " failed: " + code + " " + platformMessage);
        this.code = code;
        this.platformMessage = platformMessage;
        this.data = data;
        this.completed = List.copyOf(completed);
    }

    /** The same refusal, noting the sub-devices earlier batches of the same call had already done. */
    AlinkReplyException withCompleted(String what, List<DeviceId> done) {
        return new AlinkReplyException(what, code, platformMessage, data, done);
    }

    public int code() {
        return code;
    }

    public String platformMessage() {
        return platformMessage;
    }

    /** The reply's {@code data}; a JSON null node when it had none. Read-only. */
    public JsonNode data() {
        return data;
    }

    /** Sub-devices done by earlier batches before this one was refused; empty for a single request. */
    public List<DeviceId> completed() {
        return completed;
    }
}
