package io.alink.daemon.connector.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import io.alink.protocol.AlinkJson;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A property set from the cloud as Modbus write requests, checked before anything is sent. */
class WritePlanTest {

    private static final Map<String, PropertyMapping> PROPERTIES = Map.of(
            "Running", PropertyMapping.builder("Running", Table.COIL, 3, DataType.BOOL).writable(true).build(),
            "Setpoint", PropertyMapping.builder("Setpoint", Table.HOLDING, 20, DataType.INT16).scale(0.1, 0)
                    .writable(true).build(),
            "Limit", PropertyMapping.builder("Limit", Table.HOLDING, 30, DataType.FLOAT32).wordOrder(Order.LITTLE)
                    .writable(true).build(),
            "Temperature", PropertyMapping.builder("Temperature", Table.HOLDING, 0, DataType.FLOAT32).build());

    @Test
    void givenWritableProperties_whenPlanned_thenACoilARegisterAndRegistersAreWrittenWithReverseScaling()
            throws Exception {
        var writes = WritePlan.of(PROPERTIES, AlinkJson.parse("{\"Running\":1,\"Setpoint\":21.5,\"Limit\":123.456}"));

        assertThat(writes).extracting(WritePlan.FieldWrite::request).satisfiesExactly(
                coil -> assertThat(coil).isEqualTo(new WriteSingleCoilRequest(3, true)),
                register -> assertThat(register).isEqualTo(new WriteSingleRegisterRequest(20, 215)),
                registers -> {
                    WriteMultipleRegistersRequest request = (WriteMultipleRegistersRequest) registers;
                    assertThat(request.address()).isEqualTo(30);
                    assertThat(request.quantity()).isEqualTo(2);
                    assertThat(HexFormat.of().formatHex(request.values())).isEqualTo("e97942f6");
                });
    }

    @Test
    void givenAnInvalidPropertyAmongValidOnes_whenPlanned_thenNothingIsPlannedAndTheReasonNamed() {
        assertThatThrownBy(() -> WritePlan.of(PROPERTIES, AlinkJson.parse("{\"Running\":1,\"Temperature\":3}")))
                .isInstanceOf(ValueException.class).hasMessage("Temperature: read-only");
        assertThatThrownBy(() -> WritePlan.of(PROPERTIES, AlinkJson.parse("{\"Speed\":3}")))
                .hasMessage("Speed: no such property on this device");
        assertThatThrownBy(() -> WritePlan.of(PROPERTIES, AlinkJson.parse("{\"Setpoint\":5000}")))
                .hasMessageContaining("Setpoint: 5000 is out of range for int16");
        assertThatThrownBy(() -> WritePlan.of(PROPERTIES, AlinkJson.parse("{\"Setpoint\":\"warm\"}")))
                .hasMessage("Setpoint: expected a number for int16");
        assertThatThrownBy(() -> WritePlan.of(PROPERTIES, AlinkJson.parse("{}")))
                .hasMessageContaining("at least one property");
    }
}
