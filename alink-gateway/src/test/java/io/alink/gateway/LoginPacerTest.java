package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginPacerTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final LoginPacer pacer = new LoginPacer(200, now::get);

    @Test
    void givenRoomInTheWindow_whenReserving_thenLoginsGoAtOnce() {
        assertThat(List.of(pacer.reserve(50), pacer.reserve(50), pacer.reserve(50), pacer.reserve(50)))
                .containsOnly(0L);
    }

    @Test
    void givenAFullWindow_whenReserving_thenTheBatchWaitsUntilTheOldestLeavesIt() {
        for (int i = 0; i < 4; i++) {
            pacer.reserve(50);
        }
        now.addAndGet(300);

        assertThat(pacer.reserve(50)).isEqualTo(LoginPacer.WINDOW_MS - 300);
        assertThat(pacer.reserve(50)).as("booked behind the first wait").isEqualTo(LoginPacer.WINDOW_MS - 300);
    }

    @Test
    void givenTheWindowHasPassed_whenReserving_thenThereIsRoomAgain() {
        for (int i = 0; i < 4; i++) {
            pacer.reserve(50);
        }
        now.addAndGet(LoginPacer.WINDOW_MS);

        assertThat(pacer.reserve(50)).isZero();
    }

    @Test
    void given2000LoginsInBatchesOf50_whenEachIsSentWhenDue_thenNoWindowEverHoldsMoreThanTheRate() {
        List<long[]> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long due = now.get() + pacer.reserve(50);
            sent.add(new long[] {due, 50});
            now.set(due + 7);
        }
        for (long[] start : sent) {
            long inWindow = sent.stream().filter(s -> s[0] >= start[0] && s[0] < start[0] + LoginPacer.WINDOW_MS)
                    .mapToLong(s -> s[1]).sum();
            assertThat(inWindow).isLessThanOrEqualTo(200);
        }
    }

    @Test
    void givenABatchLargerThanTheRate_whenReserving_thenItIsRefused() {
        assertThatThrownBy(() -> pacer.reserve(201)).isInstanceOf(IllegalArgumentException.class);
    }
}
