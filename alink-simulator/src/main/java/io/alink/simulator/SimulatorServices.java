package io.alink.simulator;

import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleCoilsRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleCoilsResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilResponse;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import io.alink.daemon.connector.modbus.Table;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The library's read/write services over the simulated units' process images, with two things a real device does:
 * it refuses writes to read-only points, and a unit that is switched off does not answer at all (the library's
 * servers drop a request for an unknown unit, so the master times out).
 */
final class SimulatorServices implements ModbusServices {

    private final Map<Integer, SimulatedUnit> units;
    private final Set<Integer> silent = ConcurrentHashMap.newKeySet();
    private final ReadWriteModbusServices images = new ReadWriteModbusServices() {
        @Override
        protected Optional<ProcessImage> getProcessImage(int unitId) {
            return silent.contains(unitId) ? Optional.empty()
                    : Optional.ofNullable(units.get(unitId)).map(SimulatedUnit::image);
        }
    };

    SimulatorServices(Map<Integer, SimulatedUnit> units) {
        this.units = units;
    }

    void silence(int unitId, boolean off) {
        if (off) {
            silent.add(unitId);
        } else {
            silent.remove(unitId);
        }
    }

    @Override
    public ReadCoilsResponse readCoils(ModbusRequestContext context, int unitId, ReadCoilsRequest request)
            throws UnknownUnitIdException {
        return images.readCoils(context, unitId, request);
    }

    @Override
    public ReadDiscreteInputsResponse readDiscreteInputs(ModbusRequestContext context, int unitId,
                                                         ReadDiscreteInputsRequest request)
            throws UnknownUnitIdException {
        return images.readDiscreteInputs(context, unitId, request);
    }

    @Override
    public ReadHoldingRegistersResponse readHoldingRegisters(ModbusRequestContext context, int unitId,
                                                             ReadHoldingRegistersRequest request)
            throws UnknownUnitIdException {
        return images.readHoldingRegisters(context, unitId, request);
    }

    @Override
    public ReadInputRegistersResponse readInputRegisters(ModbusRequestContext context, int unitId,
                                                         ReadInputRegistersRequest request)
            throws UnknownUnitIdException {
        return images.readInputRegisters(context, unitId, request);
    }

    @Override
    public WriteSingleCoilResponse writeSingleCoil(ModbusRequestContext context, int unitId,
                                                   WriteSingleCoilRequest request)
            throws ModbusResponseException, UnknownUnitIdException {
        unit(unitId).acceptWrite(request.getFunctionCode(), Table.COIL, request.address(), 1);
        return images.writeSingleCoil(context, unitId, request);
    }

    @Override
    public WriteMultipleCoilsResponse writeMultipleCoils(ModbusRequestContext context, int unitId,
                                                         WriteMultipleCoilsRequest request)
            throws ModbusResponseException, UnknownUnitIdException {
        unit(unitId).acceptWrite(request.getFunctionCode(), Table.COIL, request.address(), request.quantity());
        return images.writeMultipleCoils(context, unitId, request);
    }

    @Override
    public WriteSingleRegisterResponse writeSingleRegister(ModbusRequestContext context, int unitId,
                                                           WriteSingleRegisterRequest request)
            throws ModbusResponseException, UnknownUnitIdException {
        unit(unitId).acceptWrite(request.getFunctionCode(), Table.HOLDING, request.address(), 1);
        return images.writeSingleRegister(context, unitId, request);
    }

    @Override
    public WriteMultipleRegistersResponse writeMultipleRegisters(ModbusRequestContext context, int unitId,
                                                                 WriteMultipleRegistersRequest request)
            throws ModbusResponseException, UnknownUnitIdException {
        unit(unitId).acceptWrite(request.getFunctionCode(), Table.HOLDING, request.address(), request.quantity());
        return images.writeMultipleRegisters(context, unitId, request);
    }

    private SimulatedUnit unit(int unitId) throws UnknownUnitIdException {
        SimulatedUnit unit = units.get(unitId);
        if (unit == null || silent.contains(unitId)) {
            throw new UnknownUnitIdException(unitId);
        }
        return unit;
    }
}
