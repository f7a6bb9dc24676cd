package io.alink.daemon.connector.modbus;

import com.digitalpetri.modbus.pdu.ModbusResponsePdu;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import io.alink.daemon.connector.Fault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One poll of a device as its read requests come back: the values decoded so far and the faults met. A device that
 * answered anything (an exception response included) is there; a request without an answer ends the poll, since the
 * next would only wait out its timeout as well.
 */
final class PollResult {

    private final Map<String, Object> values;
    private final List<FieldError> faults = new ArrayList<>();
    private boolean answered;
    private boolean silent;

    /** @param properties how many properties the poll reads: room for all their values from the start */
    PollResult(int properties) {
        values = new LinkedHashMap<>(properties * 4 / 3 + 1);
    }

    /** The answer to {@code block}'s request: a response, or the error it failed with. */
    void add(ReadBlock block, ModbusResponsePdu response, Throwable error) {
        if (error != null) {
            FieldError fault = FieldError.of(error);
            faults.add(fault);
            answered |= fault.fault().isAnswer();
            silent = !fault.fault().isAnswer();
            return;
        }
        answered = true;
        if (response instanceof ReadCoilsResponse coils) {
            bits(block, coils.coils());
        } else if (response instanceof ReadDiscreteInputsResponse inputs) {
            bits(block, inputs.inputs());
        } else if (response instanceof ReadHoldingRegistersResponse holding) {
            registers(block, holding.registers());
        } else if (response instanceof ReadInputRegistersResponse input) {
            registers(block, input.registers());
        } else {
            throw new IllegalStateException("not a read response: " + response);
        }
    }

    /** Whether the rest of the poll is pointless: the device did not answer the last request. */
    boolean isSilent() {
        return silent;
    }

    boolean answered() {
        return answered;
    }

    Map<String, Object> values() {
        return values;
    }

    List<FieldError> faults() {
        return faults;
    }

    /** Bits come packed eight to a byte, the first in the lowest bit. */
    private void bits(ReadBlock block, byte[] packed) {
        for (PropertyMapping property : block.properties()) {
            int bit = property.address() - block.address();
            if (bit / 8 >= packed.length) {
                shortResponse(property);
                continue;
            }
            values.put(property.identifier(), ValueCodec.decodeBit((packed[bit / 8] >> (bit % 8) & 1) == 1));
        }
    }

    private void registers(ReadBlock block, byte[] registers) {
        for (PropertyMapping property : block.properties()) {
            int offset = (property.address() - block.address()) * 2;
            if (offset + property.size() * 2 > registers.length) {
                shortResponse(property);
                continue;
            }
            try {
                values.put(property.identifier(), ValueCodec.decode(property, registers, offset));
            } catch (ValueException e) {
                faults.add(new FieldError(Fault.VALUE, e.getMessage(), 0));
            }
        }
    }

    private void shortResponse(PropertyMapping property) {
        faults.add(new FieldError(Fault.VALUE, property.identifier() + ": the response was too short to hold it",
                0));
    }
}
