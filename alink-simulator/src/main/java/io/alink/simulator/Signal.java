package io.alink.simulator;

import java.util.Random;

/** How a simulated property's value moves, one step per tick of the simulator. */
public sealed interface Signal {

    /** The value at tick {@code tick}, {@code elapsedMillis} after the simulator started. */
    Object valueAt(long tick, long elapsedMillis);

    /** Always the same value: a number, a Boolean, or a String. */
    record Constant(Object value) implements Signal {
        @Override
        public Object valueAt(long tick, long elapsedMillis) {
            return value;
        }
    }

    /** {@code from}, then {@code step} more each tick up to {@code to}, then from {@code from} again. */
    record Ramp(double from, double to, double step) implements Signal {
        public Ramp {
            if (!(step > 0) || !(to >= from)) {
                throw new IllegalArgumentException("need step > 0 and to >= from");
            }
        }

        @Override
        public Object valueAt(long tick, long elapsedMillis) {
            long values = (long) Math.floor((to - from) / step) + 1;
            return from + Math.floorMod(tick, values) * step;
        }
    }

    /** A sine wave between {@code min} and {@code max} with the given period, in wall-clock time. */
    record Sine(double min, double max, long periodMillis) implements Signal {
        @Override
        public Object valueAt(long tick, long elapsedMillis) {
            double phase = 2 * Math.PI * (elapsedMillis % periodMillis) / periodMillis;
            return (min + max) / 2 + (max - min) / 2 * Math.sin(phase);
        }
    }

    /** From {@code start}, a random step of at most {@code step} either way each tick, kept within min and max. */
    final class RandomWalk implements Signal {
        private final double step;
        private final double min;
        private final double max;
        private final Random random = new Random();
        private double value;

        public RandomWalk(double start, double step, double min, double max) {
            if (!(min <= start && start <= max) || !(step > 0)) {
                throw new IllegalArgumentException("need min <= start <= max and step > 0");
            }
            this.value = start;
            this.step = step;
            this.min = min;
            this.max = max;
        }

        @Override
        public synchronized Object valueAt(long tick, long elapsedMillis) {
            value = Math.max(min, Math.min(max, value + (2 * random.nextDouble() - 1) * step));
            return value;
        }
    }
}
