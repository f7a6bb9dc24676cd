package io.alink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.config.ConfigException;
import io.alink.daemon.connector.modbus.DataType;
import io.alink.daemon.connector.modbus.Table;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's file: gateway.yaml's property keys plus one signal each; and how the signals move. */
class SimulatorConfigTest {

    @TempDir
    Path dir;

    @Test
    void givenEverySignal_whenLoaded_thenEachPointHasItsMappingSignalAndWritability() throws Exception {
        SimulatorConfig config = load("""
                tickMs: 250
                devices:
                  - unitId: 3
                    properties:
                      - {identifier: Temperature, table: holding, address: 0, type: float32, sine: {min: 15, max: 25, periodMs: 60000}}
                      - {identifier: Running, table: coil, address: 0, constant: true}
                      - {identifier: Count, table: input, address: 10, type: uint32, ramp: {from: 0, to: 100, step: 5}}
                      - {identifier: Level, table: holding, address: 2, type: int16, writable: false, randomWalk: {start: 50, step: 1, min: 0, max: 100}}
                """);

        assertThat(config.tick()).isEqualTo(Duration.ofMillis(250));
        List<SimulatedPoint> points = config.devices().get(3);
        assertThat(points).extracting(p -> p.mapping().identifier())
                .containsExactly("Temperature", "Running", "Count", "Level");
        assertThat(points.get(0).mapping().type()).isEqualTo(DataType.FLOAT32);
        assertThat(points.get(0).signal()).isEqualTo(new Signal.Sine(15, 25, 60_000));
        assertThat(points.get(1).mapping().table()).isEqualTo(Table.COIL);
        assertThat(points.get(1).signal()).isEqualTo(new Signal.Constant(true));
        assertThat(points.get(2).signal()).isEqualTo(new Signal.Ramp(0, 100, 5));
        assertThat(points).extracting(SimulatedPoint::writable).containsExactly(true, true, false, false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no signal | {identifier: T, table: holding, address: 0, type: int16}"
                + " | devices[0].properties[0]: expected exactly one of constant, ramp, sine or randomWalk",
        "two signals | {identifier: T, table: holding, address: 0, type: int16, constant: 1, ramp: {from: 0, to: 1,"
                + " step: 1}} | devices[0].properties[0]: expected exactly one of",
        "sine on a string | {identifier: T, table: holding, address: 0, type: string, length: 2, sine: {min: 0,"
                + " max: 1, periodMs: 10}} | devices[0].properties[0].sine: a string takes a constant",
        "ramp backwards | {identifier: T, table: holding, address: 0, type: int16, ramp: {from: 5, to: 1, step: 1}}"
                + " | devices[0].properties[0].ramp: need step > 0 and to >= from",
        "unknown key | {identifier: T, table: holding, address: 0, type: int16, constant: 1, colour: red}"
                + " | devices[0].properties[0].colour: unknown key",
        "bad table | {identifier: T, table: register, address: 0, type: int16, constant: 1}"
                + " | devices[0].properties[0].table: expected one of coil, discrete, input, holding",
    })
    void givenABadPoint_whenLoaded_thenTheFileAndKeyPathAreNamed(String name, String point, String expected) {
        String yaml = "devices:\n  - unitId: 1\n    properties:\n      - " + point + "\n";

        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("sim.yaml") + ": ").hasMessageContaining(expected);
    }

    @Test
    void givenARamp_whenTicking_thenItStepsUpToItsEndAndStartsOver() {
        Signal ramp = new Signal.Ramp(10, 20, 5);

        assertThat(List.of(0L, 1L, 2L, 3L, 4L)).extracting(tick -> ramp.valueAt(tick, 0))
                .containsExactly(10.0, 15.0, 20.0, 10.0, 15.0);
    }

    @Test
    void givenASine_whenSampled_thenItSwingsBetweenMinAndMaxOverItsPeriod() {
        Signal sine = new Signal.Sine(15, 25, 60_000);

        assertThat((double) sine.valueAt(0, 0)).isEqualTo(20.0);
        assertThat((double) sine.valueAt(0, 15_000)).isEqualTo(25.0);
        assertThat((double) sine.valueAt(0, 45_000)).isEqualTo(15.0);
    }

    @Test
    void givenARandomWalk_whenTicking_thenEveryStepStaysWithinTheBoundsAndTheStep() {
        Signal walk = new Signal.RandomWalk(1, 0.5, 0, 2);
        double before = 1;

        for (int tick = 0; tick < 1000; tick++) {
            double value = (double) walk.valueAt(tick, 0);
            assertThat(value).isBetween(0.0, 2.0);
            assertThat(Math.abs(value - before)).isLessThanOrEqualTo(0.5);
            before = value;
        }
    }

    @Test
    void givenTheBuiltInExample_whenServed_thenItsValuesAreThoseOfTheReadmeExample() throws Exception {
        try (ModbusSimulator simulator = ModbusSimulator.tcp(SimulatorConfig.example(), 0)) {
            assertThat(simulator.address()).isEqualTo("tcp://127.0.0.1:" + simulator.port());
            assertThat(simulator.value(1, "Setpoint")).isEqualTo(21.5);
            assertThat(simulator.value(1, "Running")).isEqualTo(1);
            assertThat((double) simulator.value(1, "Temperature")).isBetween(15.0, 25.0);

            simulator.set(1, "Setpoint", new BigDecimal("19.5"));

            assertThat(simulator.value(1, "Setpoint")).isEqualTo(19.5);
        }
    }

    private SimulatorConfig load(String yaml) throws Exception {
        return SimulatorConfig.load(Files.writeString(dir.resolve("sim.yaml"), yaml));
    }
}
