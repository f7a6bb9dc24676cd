package io.alink.daemon.connector;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The daemon's schedulers: one named daemon thread each, so that none keeps the JVM alive, and cancelled tasks do
 * not pile up.
 */
public final class Schedulers {

    private Schedulers() {
    }

    public static ScheduledExecutorService singleThread(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
