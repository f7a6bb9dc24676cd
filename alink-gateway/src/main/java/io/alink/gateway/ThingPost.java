package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.Map;

/** A property or event post of the thing model, checked and ready to be sent as a request or journaled. */
record ThingPost(AlinkTopic topic, String method, JsonNode params) {

    /** {@code thing/event/property/post} with {@code properties} as they are. */
    static ThingPost properties(DeviceId device, ObjectNode properties) {
        if (properties == null) {
            throw new InvalidRequestException("the properties are missing");
        }
        return new ThingPost(AlinkTopic.of(TopicKind.PROPERTY_POST, device), TopicKind.PROPERTY_POST.method(),
                properties);
    }

    /** {@code thing/event/{eventId}/post} with params {@code {time, value}}, {@code value} as it is. */
    static ThingPost event(DeviceId device, String eventId, ObjectNode value, long timeMillis) {
        if (value == null) {
            throw new InvalidRequestException("the event's output values are missing");
        }
        AlinkTopic topic = AlinkTopic.of(TopicKind.EVENT_POST, device, Validation.identifier("eventId", eventId));
        ObjectNode params = AlinkJson.object().put("time", timeMillis);
        params.set("value", value);
        return new ThingPost(topic, TopicKind.EVENT_POST.method(eventId), params);
    }

    /** {@code values} as a JSON object; {@code what} names them in the error. */
    static ObjectNode object(Map<String, ?> values, String what) {
        if (values == null) {
            throw new InvalidRequestException("the " + what + " are missing");
        }
        try {
            return AlinkJson.MAPPER.valueToTree(values);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(what + " cannot be written as JSON");
        }
    }
}
