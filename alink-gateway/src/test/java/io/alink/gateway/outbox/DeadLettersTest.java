package io.alink.gateway.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLettersTest {

    private static final DeviceId POISONED = DeviceId.of("a1SubPk001", "sub01");
    private static final DeviceId OTHER = DeviceId.of("a1SubPk001", "sub02");
    private static final String TOPIC = "/sys/a1SubPk001/sub01/thing/event/property/post";
    private static final String OTHER_TOPIC = "/sys/a1SubPk001/sub02/thing/event/property/post";

    @TempDir
    Path folder;

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<Long> seqs(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::seq).toList();
    }

    @Test
    void givenAMessageNeverAcknowledged_whenItsAttemptsReachTheBound_thenItAloneMovesToTheDeadLetters() {
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            long poison = outbox.append(POISONED, TOPIC, bytes("poison")).join().seq();
            long other = outbox.append(OTHER, OTHER_TOPIC, bytes("fine")).join().seq();

            for (int attempt = 1; attempt < Outbox.MAX_ATTEMPTS; attempt++) {
                assertThat(outbox.recordFailedAttempt(poison, "connection lost").join()).as("attempt " + attempt)
                        .isFalse();
            }
            assertThat(seqs(outbox.pending(0, 10))).containsExactly(poison, other);
            assertThat(outbox.recordFailedAttempt(poison, "connection lost before the PUBACK").join()).isTrue();

            assertThat(seqs(outbox.pending(0, 10))).containsExactly(other);
            assertThat(outbox.queuedMessages()).isEqualTo(1);
            assertThat(outbox.deadLetterCount()).isEqualTo(1);
            DeadLetter dead = outbox.deadLetters(0, 10).get(0);
            assertThat(dead.seq()).isEqualTo(poison);
            assertThat(dead.device()).isEqualTo(POISONED);
            assertThat(dead.topic()).isEqualTo(TOPIC);
            assertThat(dead.size()).isEqualTo(TOPIC.length() + "poison".length());
            assertThat(dead.attempts()).isEqualTo(Outbox.MAX_ATTEMPTS);
            assertThat(dead.reason()).contains("after 5 sends").contains("connection lost before the PUBACK");
            assertThat(dead.deadLetteredMillis()).isPositive();
        }
    }

    @Test
    void givenADeadLetter_whenRequeued_thenItIsQueuedLastUnderANewSeqWithItsAttemptsReset() {
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            long poison = deadLetter(outbox, POISONED, TOPIC);
            long other = outbox.append(OTHER, OTHER_TOPIC, bytes("later")).join().seq();

            OutboxMessage back = outbox.requeueDeadLetter(poison).join().orElseThrow();

            assertThat(back.seq()).isGreaterThan(other);
            assertThat(back.payload()).isEqualTo(bytes("poison"));
            assertThat(seqs(outbox.pending(0, 10))).containsExactly(other, back.seq());
            assertThat(outbox.deadLetterCount()).isZero();
            assertThat(outbox.deadLetters(0, 10)).isEmpty();
            for (int attempt = 1; attempt < Outbox.MAX_ATTEMPTS; attempt++) {
                assertThat(outbox.recordFailedAttempt(back.seq(), "again").join()).as("attempts start over").isFalse();
            }
            assertThat(outbox.requeueDeadLetter(poison).join()).as("no longer a dead letter").isEmpty();
        }
    }

    @Test
    void givenADeadLetter_whenRemoved_thenItIsGoneAndAnUnknownSeqIsAnsweredFalse() {
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            long poison = deadLetter(outbox, POISONED, TOPIC);

            assertThat(outbox.removeDeadLetter(poison).join()).isTrue();

            assertThat(outbox.deadLetters(0, 10)).isEmpty();
            assertThat(outbox.deadLetterCount()).isZero();
            assertThat(outbox.removeDeadLetter(poison).join()).isFalse();
            assertThat(outbox.recordFailedAttempt(poison, "gone").join()).isFalse();
        }
    }

    @Test
    void givenDeadLetters_whenTheOutboxIsReopened_thenTheyAreStillThereAndCounted() {
        long poison;
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            poison = deadLetter(outbox, POISONED, TOPIC);
        }

        try (Outbox reopened = new Outbox(folder, OutboxLimits.DEFAULT)) {
            assertThat(reopened.deadLetterCount()).isEqualTo(1);
            assertThat(reopened.deadLetters(0, 10)).extracting(DeadLetter::seq).containsExactly(poison);
            assertThat(reopened.pending(0, 10)).isEmpty();
        }
    }

    @Test
    void givenAFullOutbox_whenAMessageArrives_thenTheDeadLettersAreDroppedBeforeAnyQueuedMessage() {
        int size = TOPIC.length() + 100;
        try (Outbox outbox = new Outbox(folder, new OutboxLimits(3L * size, Duration.ofDays(1)))) {
            long poison = outbox.append(POISONED, TOPIC, new byte[100]).join().seq();
            exhaust(outbox, poison);
            long first = outbox.append(POISONED, TOPIC, new byte[100]).join().seq();
            long second = outbox.append(POISONED, TOPIC, new byte[100]).join().seq();

            long third = outbox.append(POISONED, TOPIC, new byte[100]).join().seq();

            assertThat(outbox.deadLetterCount()).as("the dead letter went first").isZero();
            assertThat(seqs(outbox.pending(0, 10))).containsExactly(first, second, third);
            assertThat(outbox.droppedMessages()).isEqualTo(1);
        }
    }

    private static long deadLetter(Outbox outbox, DeviceId device, String topic) {
        long seq = outbox.append(device, topic, bytes("poison")).join().seq();
        exhaust(outbox, seq);
        return seq;
    }

    private static void exhaust(Outbox outbox, long seq) {
        for (int attempt = 1; attempt <= Outbox.MAX_ATTEMPTS; attempt++) {
            outbox.recordFailedAttempt(seq, "connection lost").join();
        }
        assertThat(outbox.deadLetters(0, 100)).extracting(DeadLetter::seq).contains(seq);
    }
}
