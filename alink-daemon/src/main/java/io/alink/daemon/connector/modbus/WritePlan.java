package io.alink.daemon.connector.modbus;

import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The requests a property set from the cloud becomes, one per property: a coil is written with function 5, a
 * one-register value with function 6, a longer one with function 16. Every property is checked before any request is
 * made, so an invalid set writes nothing.
 */
final class WritePlan {

    /** One property's write. */
    record FieldWrite(PropertyMapping property, ModbusRequestPdu request) {
    }

    private WritePlan() {
    }

    /** @throws ValueException naming the first property that is unknown, read-only, or given an invalid value */
    static List<FieldWrite> of(Map<String, PropertyMapping> properties, JsonNode params) throws ValueException {
        if (params == null || !params.isObject() || params.isEmpty()) {
            throw new ValueException("expected an object of at least one property and its value");
        }
        List<FieldWrite> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = params.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            PropertyMapping property = properties.get(field.getKey());
            if (property == null) {
                throw new ValueException(field.getKey() + ": no such property on this device");
            }
            if (!property.writable()) {
                throw new ValueException(field.getKey() + ": read-only");
            }
            writes.add(new FieldWrite(property, request(property, valueOf(field.getValue()))));
        }
        return writes;
    }

    private static ModbusRequestPdu request(PropertyMapping property, Object value) throws ValueException {
        if (property.table() == Table.COIL) {
            return new WriteSingleCoilRequest(property.address(), ValueCodec.encodeBit(property, value));
        }
        byte[] registers = ValueCodec.encode(property, value);
        if (property.size() == 1) {
            return new WriteSingleRegisterRequest(property.address(), (registers[0] & 0xFF) << 8 | registers[1] & 0xFF);
        }
        return new WriteMultipleRegistersRequest(property.address(), property.size(), registers);
    }

    /** The JSON value as the codec takes it: a number exactly as sent, a boolean, a string; null for the rest. */
    private static Object valueOf(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.isTextual() ? value.textValue() : null;
    }
}
