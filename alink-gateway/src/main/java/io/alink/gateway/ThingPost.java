package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.PackLimits;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicKind;
import java.util.Map;
import java.util.Optional;

/** A property, event, pack or history post of the thing model, checked and ready to be sent or journaled. */
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

    /**
     * {@code thing/event/property/pack/post} of {@code gateway}.
     *
     * @throws InvalidRequestException when the pack is empty, over {@link PackLimits#PACK} or holds a time more than
     *                                 24 h ahead: the platform would refuse it whole
     */
    static ThingPost pack(DeviceId gateway, PackPost pack) {
        return new ThingPost(packTopic(gateway, pack), TopicKind.PROPERTY_PACK_POST.method(), pack.params());
    }

    /** Where {@code gateway}'s pack/post of {@code pack} goes, once {@code pack} is checked as {@link #pack} does. */
    static AlinkTopic packTopic(DeviceId gateway, PackPost pack) {
        if (pack == null || pack.propertyCount() + pack.eventCount() == 0) {
            throw new InvalidRequestException("pack/post: the pack holds no value");
        }
        withinLimits("pack/post", pack.limitProblem(PackLimits.PACK), pack.latestTime());
        return AlinkTopic.of(TopicKind.PROPERTY_PACK_POST, gateway);
    }

    /** {@code thing/event/property/history/post} of {@code sender}; refused as {@link #pack} is. */
    static ThingPost history(DeviceId sender, HistoryPost history) {
        if (history == null || history.entries().isEmpty()) {
            throw new InvalidRequestException("history/post: the history holds no value");
        }
        withinLimits("history/post", history.limitProblem(PackLimits.HISTORY), history.latestTime());
        return new ThingPost(AlinkTopic.of(TopicKind.PROPERTY_HISTORY_POST, sender),
                TopicKind.PROPERTY_HISTORY_POST.method(), history.params());
    }

    private static void withinLimits(String what, Optional<String> countProblem, long latest) {
        countProblem.or(() -> PackLimits.aheadProblem(latest, System.currentTimeMillis())).ifPresent(problem -> {
            throw new InvalidRequestException(what + ": " + problem);
        });
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
