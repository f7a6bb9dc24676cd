package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.daemon.connector.Schedulers;
import io.alink.protocol.DeviceId;
import io.alink.protocol.PackLimits;
import io.alink.protocol.PackPost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readings of many sub-devices gathered into packs within the platform's limits, in the order they came. */
class PackBatcherTest {

    private final List<PackPost> journaled = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Schedulers.singleThread("pack-batcher-test");
    private final PackBatcher batcher = new PackBatcher(pack -> {
        journaled.add(pack);
        return CompletableFuture.completedFuture((long) journaled.size());
    }, timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static DeviceId sub(int n) {
        return DeviceId.of("a1SubPk001", "sub" + n);
    }

    @Test
    void givenReadingsOfMoreSubDevicesThanAPackHolds_whenAdded_thenAFullPackIsJournaledAtOnceAndTheRestAtClose() {
        IntStream.range(0, 21).forEach(i -> batcher.add(sub(i), Map.of("Temperature", i), 1000 + i));

        assertThat(journaled).hasSize(1);
        assertThat(journaled.get(0).devices()).hasSize(PackLimits.PACK.subDevices());
        batcher.close();
        assertThat(journaled).hasSize(2);
        assertThat(journaled.get(1).devices()).containsExactly(sub(20));
        assertThat(journaled.get(1).subDevices().get(0).properties().get("Temperature").time()).isEqualTo(1020);
    }

    @Test
    void givenAReadingOfMorePropertiesThanAMessageHolds_whenAdded_thenItIsSpreadOverPacksAndItsFutureWaitsForAll() {
        Map<String, Object> wide = new LinkedHashMap<>();
        IntStream.range(0, 250).forEach(i -> wide.put("p" + i, i));

        CompletableFuture<Void> done = batcher.add(sub(1), wide, 5);

        assertThat(done).isNotDone();
        batcher.close();
        assertThat(done).isCompleted();
        assertThat(journaled).extracting(PackPost::propertyCount).containsExactly(200, 50);
    }

    @Test
    void givenASecondReadingOfTheSameProperty_whenAdded_thenTheFirstPackGoesBeforeIt() {
        batcher.add(sub(1), Map.of("Count", 1), 1);
        batcher.add(sub(2), Map.of("Count", 1), 1);
        batcher.add(sub(1), Map.of("Count", 2), 2);
        batcher.close();

        assertThat(journaled).hasSize(2);
        assertThat(journaled.get(0).devices()).containsExactly(sub(1), sub(2));
        assertThat(journaled.get(1).subDevices().get(0).properties().get("Count").value().asInt()).isEqualTo(2);
    }

    @Test
    void givenAFewReadings_whenTheLingerEnds_thenTheirPackIsJournaledWithoutMoreReadings() throws Exception {
        CompletableFuture<Void> done = batcher.add(sub(1), Map.of("Count", 1), 1);

        done.get(30, TimeUnit.SECONDS);
        assertThat(journaled).hasSize(1);
    }

    @Test
    void givenAStoppedBatcherOrABadIdentifier_whenAReadingIsAdded_thenItsFutureFailsAndNothingIsJournaled() {
        CompletableFuture<Void> bad = batcher.add(sub(1), Map.of("bad/id", 1), 1);
        batcher.close();
        CompletableFuture<Void> late = batcher.add(sub(1), Map.of("Count", 1), 1);

        assertThat(bad).isCompletedExceptionally();
        assertThat(late).isCompletedExceptionally();
        assertThat(journaled).isEmpty();
    }
}
