package io.alink.simulator;

import com.digitalpetri.modbus.serial.server.SerialPortServerTransport;
import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusServer;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.alink.daemon.connector.Schedulers;
import io.alink.daemon.connector.modbus.SerialSettings;
import io.alink.daemon.connector.modbus.ValueException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated Modbus field devices: the library's server side (TCP on loopback only, or RTU on a serial port) over
 * process images whose points follow their signals and accept writes. For {@code ./alink simulate modbus}, the
 * tests, the demo and the benchmark.
 */
public final class ModbusSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusSimulator.class);

    private final Map<Integer, SimulatedUnit> units = new LinkedHashMap<>();
    private final SimulatorServices services;
    private final ScheduledExecutorService ticker;
    private final ModbusServer server;
    private final String address;
    private final int port;

    private ModbusSimulator(SimulatorConfig config, Endpoint endpoint) {
        config.devices().forEach((unitId, points) -> units.put(unitId, new SimulatedUnit(unitId, points)));
        this.services = new SimulatorServices(units);
        long started = System.nanoTime();
        AtomicLong ticks = new AtomicLong();
        tick(ticks.getAndIncrement(), 0);
        this.ticker = Schedulers.singleThread("alink-simulator-tick");
        ticker.scheduleAtFixedRate(() -> tick(ticks.getAndIncrement(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)), config.tick().toMillis(),
                config.tick().toMillis(), TimeUnit.MILLISECONDS);
        this.server = endpoint.server().apply(services);
        this.address = endpoint.address();
        this.port = endpoint.port();
    }

    /** Serves Modbus TCP on 127.0.0.1:{@code port}; 0 picks a free port. */
    public static ModbusSimulator tcp(SimulatorConfig config, int port) {
        for (int attempt = 1; ; attempt++) {
            int bound = port == 0 ? LoopbackPorts.free() : port;
            ModbusSimulator simulator = new ModbusSimulator(config, new Endpoint("tcp://127.0.0.1:" + bound, bound,
                    services -> ModbusTcpServer.create(NettyTcpServerTransport.create(transport -> {
                        transport.bindAddress = "127.0.0.1";
                        transport.port = bound;
                    }), services)));
            try {
                simulator.start();
                return simulator;
            } catch (IllegalStateException e) {
                simulator.close();
                if (port != 0 || attempt == LoopbackPorts.BIND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Serves Modbus RTU as the slave on a serial port (one end of a pseudo-terminal pair, in tests). */
    public static ModbusSimulator rtu(SimulatorConfig config, SerialSettings serial) {
        ModbusSimulator simulator = new ModbusSimulator(config, new Endpoint("rtu:" + serial.port(), -1,
                services -> ModbusRtuServer.create(SerialPortServerTransport.create(transport -> {
                    transport.serialPort = serial.port();
                    transport.baudRate = serial.baudRate();
                    transport.dataBits = serial.dataBits();
                    transport.parity = serial.serialPortParity();
                    transport.stopBits = serial.serialPortStopBits();
                }), services)));
        try {
            simulator.start();
        } catch (IllegalStateException e) {
            simulator.close();
            throw e;
        }
        return simulator;
    }

    /** Where it serves: {@code tcp://127.0.0.1:<port>} or {@code rtu:<serial port>}. */
    public String address() {
        return address;
    }

    /** The TCP port; -1 on a serial line. */
    public int port() {
        return port;
    }

    /** Switches a unit off (it answers nothing, as a device without power) or on again. */
    public void silence(int unitId, boolean silent) {
        services.silence(unitId, silent);
    }

    /** A property's value as the unit's registers hold it now. */
    public Object value(int unitId, String identifier) throws ValueException {
        return unit(unitId).value(identifier);
    }

    /** Sets a property as a master's write would: it stays until written again. */
    public void set(int unitId, String identifier, Object value) {
        unit(unitId).set(identifier, value);
    }

    private SimulatedUnit unit(int unitId) {
        SimulatedUnit unit = units.get(unitId);
        if (unit == null) {
            throw new IllegalArgumentException("no unit " + unitId);
        }
        return unit;
    }

    private void start() {
        try {
            server.start();
            LOG.info("Simulating {} Modbus devices at {}", units.size(), address);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot serve " + address + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve " + address + ": " + e.getMessage(), e);
        }
    }

    private void tick(long tick, long elapsedMillis) {
        units.values().forEach(unit -> unit.tick(tick, elapsedMillis));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Stopping the simulator at {}: {}", address, e.toString());
        }
    }

    /** Where and how to serve. */
    private record Endpoint(String address, int port, Function<SimulatorServices, ModbusServer> server) {
    }
}
