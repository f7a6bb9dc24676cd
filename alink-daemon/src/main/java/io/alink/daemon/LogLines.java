package io.alink.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Progress} as log lines: one when a phase starts, one per step of progress, one when it ends. */
final class LogLines implements Progress {

    private static final Logger LOG = LoggerFactory.getLogger(LogLines.class);

    private String phase;
    private int total;
    private int done;

    @Override
    public synchronized void start(String phase, int total) {
        this.phase = phase;
        this.total = total;
        this.done = 0;
        LOG.info("{}: {} sub-devices", phase, total);
    }

    @Override
    public synchronized void advance(int done) {
        this.done = done;
        LOG.info("{}: {}/{}", phase, done, total);
    }

    @Override
    public synchronized void finish() {
        if (done < total) {
            LOG.info("{}: stopped at {}/{}", phase, done, total);
        }
    }
}
