package io.alink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time used so far, in nanoseconds: by the whole process (the embedded broker, the garbage collector and the
 * compiler included), and by the senders' threads alone, by kind. A thread that ended is missing from the senders'
 * figures, so they are read across a run whose threads live on.
 *
 * @param process    the process's, all threads and the JVM's own
 * @param bench      the thread that sends, the bench's main thread
 * @param mqttClient the HiveMQ MQTT client's event loop and the RxJava threads that complete its futures
 * @param library    the gateway library's own threads (callback pool, timer, inbound)
 */
record CpuTime(long process, long bench, long mqttClient, long library) {

    private static final List<String> MQTT_CLIENT_THREADS = List.of("com.hivemq.client.", "Rx");
    private static final String LIBRARY_THREADS = "alink-gateway-";

    static CpuTime now() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long bench = 0;
        long mqttClient = 0;
        long library = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread == null) {
                continue;
            }
            String name = thread.getThreadName();
            long used = Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            if (name.equals("main")) {
                bench += used;
            } else if (MQTT_CLIENT_THREADS.stream().anyMatch(name::startsWith)) {
                mqttClient += used;
            } else if (name.startsWith(LIBRARY_THREADS)) {
                library += used;
            }
        }
        return new CpuTime(process, bench, mqttClient, library);
    }

    /** CPU time used so far by the live threads, summed by name with the digits dropped (one pool, one entry). */
    static Map<String, Long> byThreadKind() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> kinds = new TreeMap<>();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null) {
                kinds.merge(thread.getThreadName().replaceAll("[0-9]+", "N"),
                        Math.max(0, threads.getThreadCpuTime(thread.getThreadId())), Long::sum);
            }
        }
        return kinds;
    }

    /**
     * Heap bytes allocated so far by the live threads: unlike CPU time, the same work allocates the same whatever
     * the neighbours on a shared machine do.
     */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(process - earlier.process, bench - earlier.bench, mqttClient - earlier.mqttClient,
                library - earlier.library);
    }

    /** The senders' side: the bench's thread, the MQTT client's and the library's. */
    long senders() {
        return bench + mqttClient + library;
    }
}
