package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Request timeouts on one queue swept by the timer, with the timer and the clock played by the test. */
class DeadlinesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong(7_000_000_000L);
    private final List<Runnable> scheduled = new ArrayList<>();
    private final Deadlines deadlines = new Deadlines(TIMEOUT, (task, delayMs) -> scheduled.add(task), clock::get);

    /** Runs the sweep the timer holds, as the timer would after its delay. */
    private void runScheduledSweep() {
        assertThat(scheduled).hasSize(1);
        Runnable sweep = scheduled.remove(0);
        sweep.run();
    }

    @Test
    void givenAnOperationWithoutAnswer_whenASweepComesAfterItsDeadline_thenItFailsWithRequestTimeoutException() {
        CompletableFuture<Void> bounded = deadlines.bound(new CompletableFuture<>(), () -> "publish to /a/b");

        clock.addAndGet(TIMEOUT.toNanos());
        runScheduledSweep();

        assertThatThrownBy(bounded::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RequestTimeoutException.class)
                .hasRootCauseMessage("no reply to publish to /a/b within 10000 ms");
        assertThat(deadlines.queued()).isZero();
    }

    @Test
    void givenAnOperationBeforeItsDeadline_whenSwept_thenItStaysPendingAndTheTimerComesBackForIt() {
        CompletableFuture<Void> bounded = deadlines.bound(new CompletableFuture<>(), () -> "subscribe /a/#");

        clock.addAndGet(TIMEOUT.toNanos() - 1);
        runScheduledSweep();

        assertThat(bounded).isNotDone();
        assertThat(scheduled).hasSize(1);
    }

    @Test
    void givenManyOperations_whenBound_thenOneSweepIsScheduledForAll() {
        IntStream.range(0, 100).forEach(i -> deadlines.bound(new CompletableFuture<>(), () -> "op " + i));

        assertThat(scheduled).hasSize(1);
        assertThat(deadlines.queued()).isEqualTo(100);
    }

    @Test
    void givenOperationsThatCompleted_whenSwept_thenNothingStaysQueuedAndTheTimerIsLeftAlone() {
        List<CompletableFuture<String>> operations = IntStream.range(0, 100)
                .mapToObj(i -> new CompletableFuture<String>()).toList();
        List<CompletableFuture<String>> bounded = operations.stream()
                .map(operation -> deadlines.bound(operation, () -> "op")).toList();

        operations.forEach(operation -> operation.complete("done"));
        runScheduledSweep();

        assertThat(bounded).allSatisfy(future -> assertThat(future).isCompletedWithValue("done"));
        assertThat(deadlines.queued()).isZero();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void givenAnOperationThatFails_whenBound_thenTheBoundedFutureFailsWithItsCause() {
        CompletableFuture<Void> operation = new CompletableFuture<>();
        CompletableFuture<Void> bounded = deadlines.bound(operation, () -> "publish to /a/b");
        ConnectionException lost = new ConnectionException("connection lost", null);

        operation.completeExceptionally(lost);

        assertThatThrownBy(bounded::get).hasCause(lost);
    }

    @Test
    void givenAnOperationThatTimedOut_whenItsAnswerComesLate_thenItStaysTimedOut() {
        CompletableFuture<String> operation = new CompletableFuture<>();
        CompletableFuture<String> bounded = deadlines.bound(operation, () -> "publish to /a/b");
        clock.addAndGet(TIMEOUT.toNanos());
        runScheduledSweep();

        operation.complete("late");

        assertThatThrownBy(bounded::get).hasCauseInstanceOf(RequestTimeoutException.class);
    }

    @Test
    void givenTheQueueEmptied_whenAnotherOperationIsBound_thenASweepIsScheduledAgain() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        deadlines.bound(first, () -> "first");
        first.complete(null);
        runScheduledSweep();

        deadlines.bound(new CompletableFuture<>(), () -> "second");

        assertThat(scheduled).hasSize(1);
    }

    @Test
    void givenOperationsExpiringInPlace_whenSweptAfterTheirDeadline_thenTheUnansweredItselfFailsAndTheAnsweredStays() {
        CompletableFuture<String> unanswered = new CompletableFuture<>();
        CompletableFuture<String> answered = new CompletableFuture<>();
        List<CompletableFuture<String>> expiring = List.of(deadlines.expire(unanswered, () -> "publish to /a/b"),
                deadlines.expire(answered, () -> "publish to /a/c"));
        answered.complete("sent");

        clock.addAndGet(TIMEOUT.toNanos());
        runScheduledSweep();

        assertThat(expiring).containsExactly(unanswered, answered);
        assertThat(answered).isCompletedWithValue("sent");
        assertThatThrownBy(unanswered::get).hasCauseInstanceOf(RequestTimeoutException.class)
                .hasRootCauseMessage("no reply to publish to /a/b within 10000 ms");
        assertThat(deadlines.queued()).isZero();
        assertThat(scheduled).isEmpty();
    }
}
