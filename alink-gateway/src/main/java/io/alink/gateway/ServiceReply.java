package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.ReplyCode;

/** What an application answers a {@link ServiceCall} with: a code (200 for success), output data and a message. */
public record ServiceReply(int code, JsonNode data, String message) {

    public ServiceReply {
        data = data == null ? AlinkJson.object() : data;
        message = message == null ? ReplyCode.defaultMessage(code) : message;
    }

    /** Success with the service's output: any value Jackson turns into JSON (a Map, a JsonNode ...). */
    public static ServiceReply success(Object output) {
        return new ServiceReply(ReplyCode.SUCCESS, AlinkJson.MAPPER.valueToTree(output), null);
    }

    public static ServiceReply error(int code, String message) {
        return new ServiceReply(code, null, message);
    }
}
