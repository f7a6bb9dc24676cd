package io.alink.emulator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.alink.emulator.platform.PlatformEvent.Kind;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformEventsTest {
    private static final DeviceId GATEWAY = DeviceId.of("a1GwPk0001", "gw1");
    private static final Session SESSION = new Session("a1GwPk0001.gw1", GATEWAY, Session.Purpose.DEVICE, 10);

    private final PlatformEvents events = new PlatformEvents();

    @Test
    void givenRefusedRequests_whenRecorded_thenA429IsARateLimitALoginErrorARefusedLoginAndTheRestRefusedRequests() {
        events.refused(SESSION, AlinkTopic.of(TopicKind.BATCH_LOGIN, GATEWAY),
                AlinkReply.error("1", ReplyCode.TOO_MANY_REQUESTS, "over 5 logins per second"));
        events.refused(SESSION, AlinkTopic.of(TopicKind.LOGIN, GATEWAY),
                AlinkReply.error("2", ReplyCode.TOPO_RELATION_NOT_EXIST, "no topology relation"));
        events.refused(SESSION, AlinkTopic.of(TopicKind.TOPO_ADD, GATEWAY),
                AlinkReply.error("3", ReplyCode.REQUEST_PARAMETER_ERROR, "bad params"));

        assertThat(events.after(0, event -> true, 10)).extracting(PlatformEvent::kind, PlatformEvent::code)
                .containsExactly(tuple(Kind.RATE_LIMITED, "429"),
                        tuple(Kind.LOGIN_REFUSED, "6401"),
                        tuple(Kind.REQUEST_REFUSED, "460"));
    }

    @Test
    void givenMoreEventsThanTheRingHolds_whenListed_thenTheNewestAreKeptInOrderAndListenersHeardAll() {
        List<Long> heard = new ArrayList<>();
        events.listen(event -> heard.add(event.seq()));

        for (int i = 0; i < PlatformEvents.CAPACITY + 5; i++) {
            events.message(Kind.MESSAGE_UP, "c", GATEWAY, "/t", new byte[] {'{', '}'});
        }

        List<PlatformEvent> kept = events.after(0, event -> true, PlatformEvents.CAPACITY);
        assertThat(kept).hasSize(PlatformEvents.CAPACITY);
        assertThat(kept.get(0).seq()).isEqualTo(6);
        assertThat(heard).hasSize(PlatformEvents.CAPACITY + 5);
        assertThat(events.lastSeen()).containsKey(GATEWAY);
    }

    @Test
    void givenAPayloadOverTheLimit_whenRecorded_thenOnlyItsSizeIsKept() {
        events.message(Kind.MESSAGE_DOWN, "c", GATEWAY, "/t", new byte[PlatformEvents.MAX_PAYLOAD_BYTES + 1]);

        PlatformEvent event = events.after(0, e -> true, 1).get(0);
        assertThat(event.payload()).isNull();
        assertThat(event.payloadBytes()).isEqualTo(PlatformEvents.MAX_PAYLOAD_BYTES + 1);
        assertThat(event.redactedJson()).isNull();
    }
}
