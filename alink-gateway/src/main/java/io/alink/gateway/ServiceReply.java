package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.ReplyCode;

/**
 * What an application answers a {@link ServiceCall} with: a code (200 for success), output data and a message.
 *
 * @param code    200 for success, else the error code to report
 * @param data    the service's output; null for an empty object
 * @param message the reply's message; null for the code's usual one
 */
public record ServiceReply(int code, JsonNode data, String message) {

    /**
     * Fills in an empty {@code data} and the code's usual message where they are null.
     *
     * @param code    200 for success, else the error code to report
     * @param data    the service's output; null for an empty object
     * @param message the reply's message; null for the code's usual one
     */
    public ServiceReply {
        data = data == null ? AlinkJson.object() : data;
        message = message == null ? ReplyCode.defaultMessage(code) : message;
    }

    /**
     * Success with the service's output.
     *
     * @param output any value Jackson turns into JSON (a Map, a JsonNode ...)
     * @return a reply with code 200
     */
    public static ServiceReply success(Object output) {
        return new ServiceReply(ReplyCode.SUCCESS, AlinkJson.MAPPER.valueToTree(output), null);
    }

    /**
     * A failure.
     *
     * @param code    the error code, such as 500 or a service's own
     * @param message what went wrong; null for the code's usual message
     * @return a reply with an empty {@code data}
     */
    public static ServiceReply error(int code, String message) {
        return new ServiceReply(code, null, message);
    }
}
