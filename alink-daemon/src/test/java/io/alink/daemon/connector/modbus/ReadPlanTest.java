package io.alink.daemon.connector.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging a device's properties into the fewest read requests. */
class ReadPlanTest {

    @Test
    void givenNeighboursAndSmallGaps_whenPlanned_thenOneRequestPerTableReadsThroughTheGaps() {
        List<ReadBlock> plan = ReadPlan.of(List.of(
                holding("A", 0, DataType.FLOAT32),
                holding("B", 2, DataType.INT16),
                holding("C", 3 + ReadPlan.MAX_GAP_BYTES / 2, DataType.UINT32),
                coil("Run", 0),
                coil("Alarm", ReadPlan.MAX_GAP_BYTES * 8 + 1)));

        assertThat(plan).containsExactly(
                new ReadBlock(Table.COIL, 0, ReadPlan.MAX_GAP_BYTES * 8 + 2, List.of(coil("Run", 0),
                        coil("Alarm", ReadPlan.MAX_GAP_BYTES * 8 + 1))),
                new ReadBlock(Table.HOLDING, 0, 5 + ReadPlan.MAX_GAP_BYTES / 2, List.of(
                        holding("A", 0, DataType.FLOAT32), holding("B", 2, DataType.INT16),
                        holding("C", 3 + ReadPlan.MAX_GAP_BYTES / 2, DataType.UINT32))));
    }

    @Test
    void givenAGapWiderThanTheRule_whenPlanned_thenTwoRequests() {
        List<ReadBlock> plan = ReadPlan.of(List.of(
                holding("A", 0, DataType.INT16),
                holding("B", 2 + ReadPlan.MAX_GAP_BYTES / 2, DataType.INT16)));

        assertThat(plan).extracting(ReadBlock::address, ReadBlock::count)
                .containsExactly(tuple(0, 1), tuple(2 + ReadPlan.MAX_GAP_BYTES / 2, 1));
    }

    @Test
    void givenMoreRegistersThanOneRequestCarries_whenPlanned_thenSplitAt125WithoutCuttingAProperty() {
        List<PropertyMapping> floats = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            floats.add(holding("F" + i, 2 * i, DataType.FLOAT32));
        }

        List<ReadBlock> plan = ReadPlan.of(floats);

        assertThat(plan).extracting(ReadBlock::address, ReadBlock::count)
                .containsExactly(tuple(0, 124), tuple(124, 76));
        assertThat(plan.get(0).properties()).hasSize(62);
    }

    @Test
    void givenMoreBitsThanOneRequestCarries_whenPlanned_thenSplitAt2000() {
        List<PropertyMapping> coils = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            coils.add(coil("C" + i, i));
        }

        assertThat(ReadPlan.of(coils)).extracting(ReadBlock::address, ReadBlock::count)
                .containsExactly(tuple(0, 2000), tuple(2000, 500));
    }

    @Test
    void givenTheSameAddressInTwoTables_whenPlanned_thenEachTableHasItsOwnRequest() {
        List<ReadBlock> plan = ReadPlan.of(List.of(holding("H", 0, DataType.INT16),
                PropertyMapping.builder("I", Table.INPUT, 0, DataType.INT16).build(),
                PropertyMapping.builder("D", Table.DISCRETE, 0, DataType.BOOL).build()));

        assertThat(plan).extracting(ReadBlock::table).containsExactly(Table.DISCRETE, Table.INPUT, Table.HOLDING);
    }

    private static PropertyMapping holding(String identifier, int address, DataType type) {
        return PropertyMapping.builder(identifier, Table.HOLDING, address, type).build();
    }

    private static PropertyMapping coil(String identifier, int address) {
        return PropertyMapping.builder(identifier, Table.COIL, address, DataType.BOOL).build();
    }
}
