package io.alink.emulator.platform;

/**
 * The platform's cap on sub-device logins per second per gateway. A fixed one-second window: the platform's
 * documentation states a rate, not an algorithm, and a window is what a gateway pacing itself can rely on.
 */
final class LoginRateLimiter {
    private final int perSecond;
    private long windowStart;
    private int used;

    LoginRateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Takes {@code n} logins from the current window; false (taking nothing) when that would exceed the cap. */
    synchronized boolean tryAcquire(int n, long nowMillis) {
        if (perSecond == 0) {
            return true;
        }
        if (nowMillis - windowStart >= 1000) {
            windowStart = nowMillis;
            used = 0;
        }
        if (used + n > perSecond) {
            return false;
        }
        used += n;
        return true;
    }
}
