package io.alink.emulator.platform;

import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicFilters;
import io.alink.protocol.TopicKind;
import java.util.Optional;

/**
 * Which topics a connection may subscribe to and publish on: those of its own device and of the sub-devices logged in
 * through it, the broadcasts of their products, and the registration topics.
 */
final class TopicPermissions {
    private final Sessions sessions;
    private final Registry registry;
    private final ParsedTopics topics;

    TopicPermissions(Sessions sessions, Registry registry, ParsedTopics topics) {
        this.sessions = sessions;
        this.registry = registry;
        this.topics = topics;
    }

    boolean maySubscribe(String clientId, String topicFilter) {
        Optional<Session> session = sessions.byClientId(clientId);
        if (session.isEmpty()) {
            return false;
        }
        if (topicFilter.equals("/ext/register") || topicFilter.equals("/ext/regnwl")) {
            return true;
        }
        Optional<DeviceId> owner = TopicFilters.owner(topicFilter);
        if (owner.isPresent()) {
            return session.get().actsFor(owner.get());
        }
        String[] levels = topicFilter.split("/", -1);
        if (levels.length >= 4 && levels[1].equals("broadcast") && TopicFilters.isValid(topicFilter)) {
            String pk = levels[2];
            return session.get().device().productKey().equals(pk)
                    || session.get().loggedIn().stream().anyMatch(d -> d.productKey().equals(pk));
        }
        return false;
    }

    boolean mayPublish(String clientId, String topic) {
        Optional<Session> session = sessions.byClientId(clientId);
        Optional<AlinkTopic> parsed = topics.parse(topic);
        if (session.isEmpty() || parsed.isEmpty() || session.get().purpose() != Session.Purpose.DEVICE) {
            return false;
        }
        TopicKind kind = parsed.get().kind();
        if (kind == TopicKind.BROADCAST || kind.family() == TopicKind.Family.REGISTER) {
            return false;
        }
        if (parsed.get().reply() && InboundMessages.isLifecycleNotice(kind)) {
            // the acknowledgement of a notice about a device that is no longer logged in, or no longer exists
            return true;
        }
        DeviceId device = parsed.get().device();
        // a sub-device of this gateway that is not logged in passes, to be answered with 520 once published
        return session.get().actsFor(device) || registry.gatewayOf(device).map(session.get().device()::equals).orElse(false);
    }
}
