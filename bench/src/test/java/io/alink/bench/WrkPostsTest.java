package io.alink.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.alink.protocol.DeviceId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The wrk load generator of scenario 7 against the HTTP-only server on loopback (skipped where wrk is missing). */
class WrkPostsTest {

    private static final List<DeviceId> DEVICES = IntStream.range(0, 10)
            .mapToObj(i -> new DeviceId("a1BenchPk01", "sub" + i)).toList();

    @Test
    void givenWrk_whenItPostsAFixedCount_thenItStopsThereAndCountsEveryAnswer() {
        assumeThat(WrkPosts.installed()).as("Debian's wrk (.ci/run installs it)").isTrue();
        try (HttpOnlyBaseline server = new HttpOnlyBaseline()) {

            PostLoad.Result result = new WrkPosts().run(server.uri(), DEVICES, 8, 1_001);

            // a thread stops at its share of answers: its other connections' posts are in flight then, and those
            // answered in the same turn of its event loop count too
            assertThat(result.accepted()).isBetween(1_001L, 1_001L + 8);
            assertThat(result.refused()).isZero();
            assertThat(server.answered()).isBetween(result.accepted(), 1_001L + 8);
            assertThat(result.p50Micros()).isPositive().isLessThanOrEqualTo(result.maxMicros());
            assertThat(result.seconds()).isPositive();
        }
    }

    @Test
    void givenWrksLineWithRefusalsAndSocketErrors_whenRead_thenOnlyThe2xxAnswersAreAccepted() {
        String output = "Running 10m test @ http://127.0.0.1:1/\nALINK answered=120 micros=2000000 non2xx=5 connect=1"
                + " read=2 write=0 timeout=3 p50=800 p99=5000 max=9000\n";

        PostLoad.Result result = WrkPosts.figures(output);

        assertThat(result.accepted()).isEqualTo(115);
        assertThat(result.refused()).isEqualTo(11);
        assertThat(result.perSecond()).isEqualTo(57.5);
        assertThat(result.p99Micros()).isEqualTo(5000);
    }
}
