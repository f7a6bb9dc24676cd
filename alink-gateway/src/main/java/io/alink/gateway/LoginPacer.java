package io.alink.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Keeps sub-device logins under a rate: no window of {@link #WINDOW_MS} may hold more than {@code perSecond} logins.
 * The window is longer than a second so that network jitter between this clock and the platform's cannot make the
 * platform count more than {@code perSecond} in one of its seconds.
 */
final class LoginPacer {

    static final long WINDOW_MS = 1_100;

    private record Sent(long atMs, int count) {
    }

    private final int perSecond;
    private final LongSupplier clock;
    private final Deque<Sent> sent = new ArrayDeque<>();

    LoginPacer(int perSecond, LongSupplier clock) {
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /**
     * Books {@code count} logins (at most {@code perSecond}) at the earliest moment the rate allows and returns how
     * many milliseconds from now that is.
     */
    synchronized long reserve(int count) {
        if (count > perSecond) {
            throw new IllegalArgumentException("a batch of " + count + " exceeds " + perSecond + " per second");
        }
        long now = clock.getAsLong();
        long at = now;
        while (!sent.isEmpty() && sent.peekFirst().atMs() <= now - WINDOW_MS) {
            sent.pollFirst();
        }
        int inWindow = sent.stream().mapToInt(Sent::count).sum();
        for (Sent earlier : sent) {
            if (inWindow + count <= perSecond) {
                break;
            }
            // the window must move past this booking before there is room
            at = Math.max(at, earlier.atMs() + WINDOW_MS);
            inWindow -= earlier.count();
        }
        sent.addLast(new Sent(at, count));
        return at - now;
    }
}
