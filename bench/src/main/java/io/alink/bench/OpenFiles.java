package io.alink.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open-files limit a scenario of many connections needs. The JVM raises its own soft limit to the hard limit at
 * start on Linux ({@code -XX:+MaxFDLimit}, on by default), so what is left to do is to say when even that is too low.
 */
final class OpenFiles {

    private static final Logger log = LoggerFactory.getLogger(OpenFiles.class);
    /** Jars, the database, the log, the JVM's own: files a process holds besides its connections. */
    private static final long MARGIN = 1000;

    private OpenFiles() {
    }

    /** Logs a warning when this process may open fewer than {@code connections} sockets besides its other files. */
    static void warnIfBelow(int connections, String who) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return;
        }
        long max = unix.getMaxFileDescriptorCount();
        if (max < connections + MARGIN) {
            log.warn("The open-files limit of {} is {}: {} connections need about {}; fewer will be held. Raise the"
                    + " hard limit (ulimit -Hn, or LimitNOFILE= of a service) and run again", who, max, connections,
                    connections + MARGIN);
        } else {
            log.info("Open-files limit of {}: {}", who, max);
        }
    }
}
