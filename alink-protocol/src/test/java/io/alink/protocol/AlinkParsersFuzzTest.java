package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fuzz target: the topic, topic-filter and envelope parsers that read whatever arrives from the network. Nothing but
 * {@link AlinkFormatException} may leave them, a topic never parses to a device other than its own, and what they
 * read writes back to something that reads the same.
 *
 * <p>An input is {@code filter \n topic \n payload}: two lines tried as topics (the first also as a subscription
 * filter against the second), the rest as a JSON payload. See docs/fuzzing.md.
 */
class AlinkParsersFuzzTest {

    // JSON's own tokens (AFL's json.dict, abridged) and the envelope's keys: the JSON parser is not instrumented, so
    // the fuzzer cannot learn them from its comparisons
    @DictionaryEntries({"\"params\":", "\"id\":", "\"code\":", "\"sys\":{\"ack\":", "\\\"", "\\u0000",
            "\\uD800", "-1.2e+3", "1e", "0.0", "[]", "{}", "null", "true", "\"\""})
    @FuzzTest
    void topicsAndPayloads(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        String filter = parts[0];
        String topic = parts.length > 1 ? parts[1] : "";
        byte[] payload = parts.length > 2 ? parts[2].getBytes(StandardCharsets.UTF_8) : input;

        topicRoundTrips(filter);
        topicRoundTrips(topic);
        filterOwnsWhatItMatches(filter, topic);
        requestRoundTrips(payload);
        replyRoundTrips(payload);
    }

    private static void topicRoundTrips(String wire) {
        Optional<AlinkTopic> parsed = AlinkTopic.parse(wire);
        parsed.ifPresent(topic -> assertThat(topic.topic()).isEqualTo(wire));
        if (TopicFilters.isValid(wire) && !TopicFilters.hasWildcard(wire)) {
            assertThat(TopicFilters.owner(wire)).isEqualTo(parsed.map(AlinkTopic::device));
            assertThat(TopicFilters.matches(wire, wire)).isTrue();
        }
    }

    /** The ACL rests on this: a filter owned by a device matches no topic of another device. */
    private static void filterOwnsWhatItMatches(String filter, String topic) {
        Optional<DeviceId> owner = TopicFilters.owner(filter);
        if (owner.isEmpty() || TopicFilters.hasWildcard(topic) || !TopicFilters.matches(filter, topic)) {
            return;
        }
        AlinkTopic.parse(topic).map(AlinkTopic::device)
                .ifPresent(device -> assertThat(device).as("owner of %s matching %s", filter, topic)
                        .isEqualTo(owner.get()));
    }

    private static void requestRoundTrips(byte[] payload) {
        read(AlinkRequest::parse, payload).ifPresent(request -> {
            String version = request.version() == null ? AlinkRequest.VERSION : request.version();
            AlinkRequest expected = new AlinkRequest(request.id(), version, request.params(), request.method(),
                    request.ack());
            assertThat(AlinkRequest.parse(request.toBytes())).isEqualTo(expected);
        });
    }

    private static void replyRoundTrips(byte[] payload) {
        read(AlinkReply::parse, payload)
                .ifPresent(reply -> assertThat(AlinkReply.parse(reply.toBytes())).isEqualTo(reply));
    }

    /** What a parser reads, or empty when it refuses the payload the one way it may. */
    private static <T> Optional<T> read(Function<byte[], T> parser, byte[] payload) {
        try {
            return Optional.of(parser.apply(payload));
        } catch (AlinkFormatException refused) {
            return Optional.empty();
        }
    }
}
