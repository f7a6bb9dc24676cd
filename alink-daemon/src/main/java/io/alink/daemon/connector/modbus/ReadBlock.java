package io.alink.daemon.connector.modbus;

import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import java.util.List;

/** One read request: {@code count} registers (or bits) of a table from {@code address}, and the properties in it. */
public record ReadBlock(Table table, int address, int count, List<PropertyMapping> properties) {

    public ReadBlock {
        properties = List.copyOf(properties);
    }

    /** The request that reads this block. */
    public ModbusRequestPdu request() {
        return switch (table) {
            case COIL -> new ReadCoilsRequest(address, count);
            case DISCRETE -> new ReadDiscreteInputsRequest(address, count);
            case INPUT -> new ReadInputRegistersRequest(address, count);
            case HOLDING -> new ReadHoldingRegistersRequest(address, count);
        };
    }
}
