package io.alink.bench;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/** Warm-up, repetition and the statistics of repeated runs. */
final class Runs {

    /** One run of a measurement that yields several figures at once (say p50, p99 and max). */
    interface Measurement {
        double[] run();
    }

    private Runs() {
    }

    /**
     * Runs each measurement {@code warmups} times unrecorded, then {@code repeats} times, and returns the median of
     * each figure of each. The measurements take turns, so that slow drift (heat, garbage, a growing message log)
     * hits each alike.
     */
    static double[][] medians(int warmups, int repeats, Measurement... measurements) {
        double[][][] results = new double[measurements.length][repeats][];
        for (int round = -warmups; round < repeats; round++) {
            for (int m = 0; m < measurements.length; m++) {
                double[] figures = measurements[m].run();
                if (round >= 0) {
                    results[m][round] = figures;
                }
            }
        }
        double[][] medians = new double[measurements.length][];
        for (int m = 0; m < measurements.length; m++) {
            double[][] runs = results[m];
            medians[m] = java.util.stream.IntStream.range(0, runs[0].length)
                    .mapToDouble(f -> median(Arrays.stream(runs).mapToDouble(run -> run[f]).toArray())).toArray();
        }
        return medians;
    }

    /** {@link #medians(int, int, Measurement...)} of measurements that yield one figure each. */
    static double[] medians(int warmups, int repeats, DoubleSupplier... measurements) {
        Measurement[] single = Arrays.stream(measurements)
                .map(m -> (Measurement) () -> new double[] {m.getAsDouble()}).toArray(Measurement[]::new);
        return Arrays.stream(medians(warmups, repeats, single)).mapToDouble(figures -> figures[0]).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The nearest-rank percentile ({@code p} from 0 to 100) of sorted values. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Waits for every one of {@code threads} to end. */
    static void joinAll(java.util.List<Thread> threads) {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
