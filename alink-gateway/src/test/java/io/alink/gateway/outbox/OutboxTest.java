package io.alink.gateway.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final DeviceId DEVICE = DeviceId.of("pk", "dn");
    private static final DeviceId A = DeviceId.of("pk", "a");
    private static final DeviceId B = DeviceId.of("pk", "b");

    @TempDir
    Path folder;

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void anAppendedMessageIsPendingUntilAcknowledgedAndSurvivesAReopen() {
        long seq;
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            seq = outbox.append(DEVICE, "/sys/pk/dn/thing/event/property/post", bytes("a")).join().seq();
            outbox.append(DEVICE, "/sys/pk/dn/thing/event/property/post", bytes("b")).join();
            assertThat(outbox.queuedMessages()).isEqualTo(2);
        }
        try (Outbox reopened = new Outbox(folder, OutboxLimits.DEFAULT)) {
            assertThat(reopened.queuedMessages()).isEqualTo(2);
            List<OutboxMessage> pending = reopened.pending(0, 10);
            assertThat(pending).extracting(m -> new String(m.payload(), UTF_8)).containsExactly("a", "b");
            reopened.acknowledge(seq).join();
            assertThat(reopened.queuedMessages()).as("the acknowledgement's future completes on commit").isEqualTo(1);
            assertThat(reopened.pending(0, 10)).extracting(m -> new String(m.payload(), UTF_8)).containsExactly("b");
        }
    }

    @Test
    void manyConcurrentAppendsAreAllJournaledInOrderOfTheirSequence() {
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            List<CompletableFuture<OutboxMessage>> futures = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                futures.add(outbox.append(DeviceId.of("pk", "dn" + (i % 7)), "/t", bytes(Integer.toString(i))));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            List<OutboxMessage> pending = outbox.pending(0, 10_000);
            assertThat(pending).hasSize(5000);
            assertThat(pending).extracting(OutboxMessage::seq).isSorted();
            assertThat(pending.get(4999).payload()).isEqualTo(bytes("4999"));
        }
    }

    @Test
    void givenAFullOutboxTheOldestAreDroppedCountedAndTheBoundHolds() {
        OutboxLimits limits = new OutboxLimits(10_000, Duration.ofDays(1));
        try (Outbox outbox = new Outbox(folder, limits)) {
            byte[] payload = new byte[98];
            for (int i = 0; i < 500; i++) {
                outbox.append(DEVICE, "/t", payload).join();
                assertThat(outbox.queuedBytes()).isLessThanOrEqualTo(10_000);
            }
            assertThat(outbox.queuedMessages()).isEqualTo(100);
            assertThat(outbox.droppedMessages()).isEqualTo(400);
            assertThat(outbox.pending(0, 1000).get(0).seq()).as("the newest are kept").isEqualTo(401);
        }
    }

    @Test
    void messagesOlderThanMaxAgeAreDroppedAndCounted() {
        MutableClock clock = new MutableClock();
        OutboxLimits limits = new OutboxLimits(1_000_000, Duration.ofHours(1));
        try (Outbox outbox = new Outbox(folder, limits, OutboxDurability.POWER_CUT, clock)) {
            outbox.append(DEVICE, "/t", bytes("old")).join();
            clock.advance(Duration.ofHours(2));
            outbox.append(DEVICE, "/t", bytes("new")).join();
            assertThat(outbox.pending(0, 10)).extracting(m -> new String(m.payload(), UTF_8)).containsExactly("new");
            assertThat(outbox.droppedMessages()).isEqualTo(1);
        }
    }

    @Test
    void theDatabaseFileStaysNearTheBoundDuringALongOutage() throws Exception {
        OutboxLimits limits = new OutboxLimits(200_000, Duration.ofDays(1));
        try (Outbox outbox = new Outbox(folder, limits)) {
            byte[] payload = new byte[1000];
            List<CompletableFuture<OutboxMessage>> futures = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                futures.add(outbox.append(DEVICE, "/t", payload));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            assertThat(outbox.droppedMessages()).isGreaterThan(2700);
        }
        long onDisk;
        try (Stream<Path> files = Files.list(folder)) {
            onDisk = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(onDisk).as("database plus WAL after 3 MB written into a 200 kB outbox").isLessThan(2_000_000);
    }

    @Test
    void queuedMessagesAreCountedPerDevice() {
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            outbox.append(A, "/t", bytes("1")).join();
            outbox.append(A, "/t", bytes("2")).join();
            outbox.append(B, "/t", bytes("3")).join();
            assertThat(outbox.queuedByDevice()).containsEntry(A, 2L).containsEntry(B, 1L).hasSize(2);
        }
    }

    @Test
    void appendingToAClosedOutboxFailsInsteadOfLosingTheMessageSilently() {
        Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT);
        outbox.close();
        assertThat(outbox.append(DEVICE, "/t", bytes("x"))).isCompletedExceptionally();
        assertThat(outbox.acknowledge(1)).isCompletedExceptionally();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
