package io.alink.daemon.connector.modbus;

import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.ModbusResponsePdu;
import com.digitalpetri.modbus.serial.client.SerialPortClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import io.alink.daemon.connector.Fault;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's link to its bus: one TCP connection, or one serial port. Connects on demand, before a request
 * when the link is down, so reconnecting follows the devices' polls and their backoff rather than a timer of its
 * own. Every request ends within the timeout, answered or not.
 *
 * <p>A serial line is half duplex and its frames carry no transaction id: requests go one at a time, each after the
 * one before it ended. Over TCP they go at once, matched by transaction id.
 */
final class ModbusLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusLink.class);
    private static final long CLOSE_TIMEOUT_MS = 2000;

    private final String target;
    private final boolean serial;
    private final Supplier<ModbusClient> factory;
    private ModbusClient client;
    /** The last serial request queued: the next one starts when it ends. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    private ModbusLink(String target, boolean serial, Supplier<ModbusClient> factory) {
        this.target = target;
        this.serial = serial;
        this.factory = factory;
    }

    static ModbusLink of(ModbusConnectorConfig config) {
        return new ModbusLink(config.target(), config.rtu(), config.rtu() ? () -> rtuClient(config)
                : () -> tcpClient(config));
    }

    private static ModbusClient tcpClient(ModbusConnectorConfig config) {
        NettyTcpClientTransport transport = NettyTcpClientTransport.create(transportConfig -> {
            transportConfig.hostname = config.host();
            transportConfig.port = config.port();
            transportConfig.connectTimeout = config.timeout();
            // this link reconnects on demand; the transport's own reconnection timer would race it
            transportConfig.connectPersistent = false;
        });
        return ModbusTcpClient.create(transport, clientConfig -> clientConfig.requestTimeout = config.timeout());
    }

    private static ModbusClient rtuClient(ModbusConnectorConfig config) {
        SerialSettings settings = config.serial();
        SerialPortClientTransport transport = SerialPortClientTransport.create(transportConfig -> {
            transportConfig.serialPort = settings.port();
            transportConfig.baudRate = settings.baudRate();
            transportConfig.dataBits = settings.dataBits();
            transportConfig.parity = settings.serialPortParity();
            transportConfig.stopBits = settings.serialPortStopBits();
        });
        return ModbusRtuClient.create(transport, clientConfig -> clientConfig.requestTimeout = config.timeout());
    }

    /** Sends one request to unit {@code unitId}; fails with what {@link FieldError#of} tells apart. */
    CompletableFuture<ModbusResponsePdu> send(int unitId, ModbusRequestPdu request) {
        if (!serial) {
            return attempt(unitId, request);
        }
        synchronized (this) {
            CompletableFuture<ModbusResponsePdu> next = tail.handle((ignored, error) -> null)
                    .thenCompose(ignored -> attempt(unitId, request));
            tail = next;
            return next;
        }
    }

    private CompletableFuture<ModbusResponsePdu> attempt(int unitId, ModbusRequestPdu request) {
        ModbusClient current;
        try {
            current = client();
        } catch (RuntimeException e) {
            // a serial port that is not there (yet): a link fault like any other, retried with the polls
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> connected = current.isConnected() ? CompletableFuture.completedFuture(null)
                : current.connectAsync().toCompletableFuture();
        CompletableFuture<ModbusResponsePdu> response = connected
                .thenCompose(ignored -> current.sendAsync(unitId, request).toCompletableFuture());
        if (serial) {
            response.whenComplete((answer, error) -> {
                if (error != null && FieldError.of(error).fault() == Fault.LINK) {
                    // reopened by the next request: a serial adapter unplugged and plugged again is a new port
                    current.disconnectAsync();
                }
            });
        }
        return response;
    }

    private synchronized ModbusClient client() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public void close() {
        ModbusClient current;
        synchronized (this) {
            current = client;
        }
        if (current == null) {
            return;
        }
        try {
            current.disconnectAsync().toCompletableFuture().get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Closing the link to {}: {}", target, e.toString());
        }
    }
}
