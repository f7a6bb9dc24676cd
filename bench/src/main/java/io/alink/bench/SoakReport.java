package io.alink.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A soak's result as Markdown: one row per reading of the daemon process, the growth under load (first against last
 * reading, and a least-squares slope per hour), and the totals of the messages.
 *
 * @param samples the readings, the first taken before the load (it is shown but not counted as growth: starting
 *                the load is a step, not a leak)
 */
record SoakReport(SoakPlan plan, List<Sample> samples, Totals totals) {

    private static final double MIB = 1024 * 1024;
    private static final double SECONDS_PER_HOUR = 3600;

    /** One reading of the daemon process, with how far the load had got. */
    record Sample(Duration elapsed, DaemonProcess.Reading process, long accepted, long queued) {
    }

    /**
     * @param accepted    posts answered 202
     * @param refused     posts answered otherwise
     * @param failed      posts without an answer (the connection broke, or timed out)
     * @param arrived     accepted posts found in the platform's message log
     * @param duplicates  arrivals beyond the first of a post (QoS 1 redelivery after a reconnection)
     * @param lost        accepted posts not found in the platform's message log
     * @param restarts    platform restarts made
     * @param reconnects  reconnections the daemon counted ({@value DaemonMetricsView#RECONNECTS})
     * @param drained     how long the outbox took to empty after the load; null if it did not in time
     * @param exitStatus  the daemon's exit status after SIGTERM
     */
    record Totals(long accepted, long refused, long failed, long arrived, long duplicates, long lost, int restarts,
                  long reconnects, Duration drained, int exitStatus) {

        /** Nothing lost, the outbox drained, a clean stop. */
        boolean clean() {
            return lost == 0 && drained != null && exitStatus == 0;
        }
    }

    SoakReport {
        samples = List.copyOf(samples);
    }

    String markdown() {
        return samplesTable() + "\n" + growthTable() + "\n" + totalsTable();
    }

    private String samplesTable() {
        StringBuilder out = new StringBuilder()
                .append("| elapsed | posts accepted | outbox queued | heap after GC (MiB) | RSS (MiB) | threads"
                        + " | open files |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Sample sample : samples) {
            long seconds = sample.elapsed().toSeconds();
            out.append(String.format(Locale.ROOT, "| %d:%02d | %d | %d | %.1f | %.1f | %d | %d |%n",
                    seconds / 60, seconds % 60, sample.accepted(), sample.queued(),
                    sample.process().heapAfterGcBytes() / MIB, sample.process().rssBytes() / MIB,
                    sample.process().threads(), sample.process().openFiles()));
        }
        return out.toString();
    }

    private String growthTable() {
        List<Sample> loaded = samples.subList(Math.min(1, samples.size()), samples.size());
        StringBuilder out = new StringBuilder()
                .append("| growth under load | first | last | change | least-squares slope per hour |\n")
                .append("|---|---:|---:|---:|---:|\n");
        growthRow(out, "heap after GC (MiB)", "%.1f", loaded, s -> s.process().heapAfterGcBytes() / MIB);
        growthRow(out, "RSS (MiB)", "%.1f", loaded, s -> s.process().rssBytes() / MIB);
        growthRow(out, "threads", "%.0f", loaded, s -> s.process().threads());
        growthRow(out, "open files", "%.0f", loaded, s -> s.process().openFiles());
        return out.toString();
    }

    /** @param format of the first, last and change: {@code %.1f} for MiB, {@code %.0f} for counts */
    private static void growthRow(StringBuilder out, String measure, String format, List<Sample> loaded,
                                  ToDoubleFunction<Sample> value) {
        if (loaded.isEmpty()) {
            out.append("| ").append(measure).append(" | n/a | n/a | n/a | n/a |\n");
            return;
        }
        double first = value.applyAsDouble(loaded.get(0));
        double last = value.applyAsDouble(loaded.get(loaded.size() - 1));
        double slope = slopePerHour(loaded, value);
        out.append(String.format(Locale.ROOT, "| %s | " + format + " | " + format + " | %+" + format.substring(1)
                        + " | %s |%n", measure, first, last, last - first,
                Double.isFinite(slope) ? String.format(Locale.ROOT, "%+.1f", slope) : "n/a"));
    }

    /** Least-squares slope of {@code value} over elapsed time, per hour; NaN with fewer than two readings. */
    static double slopePerHour(List<Sample> samples, ToDoubleFunction<Sample> value) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = samples.stream().mapToDouble(SoakReport::hours).average().orElseThrow();
        double meanY = samples.stream().mapToDouble(value).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Sample sample : samples) {
            double dx = hours(sample) - meanX;
            covariance += dx * (value.applyAsDouble(sample) - meanY);
            variance += dx * dx;
        }
        return variance == 0 ? Double.NaN : covariance / variance;
    }

    private static double hours(Sample sample) {
        return sample.elapsed().toMillis() / 1000.0 / SECONDS_PER_HOUR;
    }

    private String totalsTable() {
        double loadSeconds = plan.duration().toMillis() / 1000.0;
        StringBuilder out = new StringBuilder().append("| total | value |\n").append("|---|---:|\n");
        total(out, "posts planned (" + plan.ratePerSecond() + "/s for " + Math.round(loadSeconds) + " s, "
                + plan.adapters() + " adapters, " + plan.subDevices() + " sub-devices)", plan.maxPosts());
        total(out, "posts accepted (202)", totals.accepted());
        total(out, "posts refused (another status)", totals.refused());
        total(out, "posts failed (no answer)", totals.failed());
        total(out, "accepted posts that arrived at the emulator", totals.arrived());
        total(out, "lost (accepted, never arrived)", totals.lost());
        total(out, "arrived more than once (QoS 1 redelivery)", totals.duplicates());
        total(out, "platform restarts", totals.restarts());
        total(out, "reconnections counted by the daemon", totals.reconnects());
        out.append("| outbox drained after the load (s) | ").append(totals.drained() == null ? "not in time"
                : String.format(Locale.ROOT, "%.1f", totals.drained().toMillis() / 1000.0)).append(" |\n");
        total(out, "daemon exit status after SIGTERM", totals.exitStatus());
        return out.toString();
    }

    private static void total(StringBuilder out, String what, long value) {
        out.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }
}
