package io.alink.bench;

import java.util.Locale;

/**
 * One line of the result table: a figure and the baseline it is compared with, in the same unit.
 *
 * @param scenario     1 to 5, as numbered in the issue
 * @param measure      what was measured, with the sizes that matter
 * @param figure       the gateway's (or the emulator's) figure
 * @param baseline     the baseline measured (or derived from measurements) in the same run
 * @param unit         unit of both figures
 * @param baselineWhat what the baseline is
 */
public record Row(int scenario, String measure, double figure, double baseline, String unit, String baselineWhat) {

    /** figure / baseline: above 1 is more (faster for rates, slower for times, bigger for memory). */
    public double ratio() {
        return figure / baseline;
    }

    public String figureText() {
        return number(figure) + " " + unit;
    }

    public String baselineText() {
        return number(baseline) + " " + unit;
    }

    public String ratioText() {
        return Double.isFinite(ratio()) ? String.format(Locale.ROOT, "%.2f", ratio()) : "n/a";
    }

    /** Three significant digits at most for small values; whole numbers beyond 100, where decimals are noise. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
