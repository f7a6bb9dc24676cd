package io.alink.bench.micro;

import io.alink.daemon.connector.modbus.DataType;
import io.alink.daemon.connector.modbus.PropertyMapping;
import io.alink.daemon.connector.modbus.Table;
import io.alink.daemon.connector.modbus.ValueCodec;
import io.alink.daemon.connector.modbus.ValueException;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.DeviceId;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The field run's (scenario 6) work per poll of one device, 200 uint16 holding registers: decoding them, building the
 * pack/post of the reading with its envelope bytes (from its tree, and written straight as the daemon journals it),
 * and the simulator's encoding of the same values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldPackBenchmark {

    private static final int POINTS = 200;

    private final DeviceId device = new DeviceId("a1SubPk001", "sub01");
    private final List<PropertyMapping> mappings = new ArrayList<>();
    private final byte[] registers = new byte[POINTS * 2];
    private final Map<String, Object> reading = new LinkedHashMap<>();
    private long tick;

    public FieldPackBenchmark() {
        for (int i = 0; i < POINTS; i++) {
            mappings.add(PropertyMapping.builder("R" + i, Table.HOLDING, i, DataType.UINT16).build());
            registers[2 * i] = (byte) (i >> 3);
            registers[2 * i + 1] = (byte) (i * 37);
            reading.put("R" + i, (long) (i * 301));
        }
    }

    @Benchmark
    public Map<String, Object> decodeRegisters() throws ValueException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (PropertyMapping mapping : mappings) {
            values.put(mapping.identifier(), ValueCodec.decode(mapping, registers, mapping.address() * 2));
        }
        return values;
    }

    @Benchmark
    public byte[] packEnvelope() {
        PackPost.Builder pack = PackPost.builder();
        long now = 1_796_000_000_000L + tick++;
        reading.forEach((identifier, value) -> pack.property(device, identifier, value, now));
        return new AlinkRequest("12345", AlinkRequest.VERSION, pack.build().params(),
                TopicKind.PROPERTY_PACK_POST.method(), 0).toBytes();
    }

    /** The same pack as the daemon journals it: the envelope written straight to bytes, no tree. */
    @Benchmark
    public byte[] packEnvelopeStreamed() {
        PackPost.Builder pack = PackPost.builder();
        long now = 1_796_000_000_000L + tick++;
        reading.forEach((identifier, value) -> pack.property(device, identifier, value, now));
        PackPost built = pack.build();
        return AlinkRequest.toBytes("12345", AlinkRequest.VERSION, TopicKind.PROPERTY_PACK_POST.method(), 0,
                built::writeParams);
    }

    @Benchmark
    public int encodeRegisters() throws ValueException {
        int bytes = 0;
        long base = tick++;
        for (PropertyMapping mapping : mappings) {
            bytes += ValueCodec.encode(mapping, (double) ((base + mapping.address()) & 0xFFFF)).length;
        }
        return bytes;
    }
}
