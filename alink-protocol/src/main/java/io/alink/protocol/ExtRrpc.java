package io.alink.protocol;

import java.util.Optional;

/**
 * A topic of the form {@code /ext/rrpc/{messageId}{wrappedTopic}}: a synchronous call from the cloud wrapped around
 * another topic (a custom topic, or a thing-model service of a device connected with {@code ext=1}); the device
 * answers on the very same topic.
 *
 * @param messageId    the cloud's id of the call
 * @param wrappedTopic the topic the call is made on, starting with '/'
 */
public record ExtRrpc(String messageId, String wrappedTopic) {

    private static final String PREFIX = "/ext/rrpc/";

    /**
     * The wrapped call of an {@link TopicKind#EXT_RRPC} topic.
     *
     * @param topic a parsed topic
     * @return empty for a topic of another kind
     */
    public static Optional<ExtRrpc> of(AlinkTopic topic) {
        if (topic.kind() != TopicKind.EXT_RRPC) {
            return Optional.empty();
        }
        String detail = topic.detail();
        int slash = detail.indexOf('/');
        return Optional.of(new ExtRrpc(detail.substring(0, slash), detail.substring(slash)));
    }

    /** The filter a device subscribes to receive calls wrapped around {@code wrappedTopic}. */
    public static String filter(String wrappedTopic) {
        return PREFIX + "+" + wrappedTopic;
    }

    /** The wire topic, on which the call arrives and is answered. */
    public String topic() {
        return PREFIX + messageId + wrappedTopic;
    }

    /** The wrapped topic, parsed; empty when it is not an Alink topic. */
    public Optional<AlinkTopic> wrapped() {
        return AlinkTopic.parse(wrappedTopic);
    }
}
