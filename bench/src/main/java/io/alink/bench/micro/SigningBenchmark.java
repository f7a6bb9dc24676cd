package io.alink.bench.micro;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.SubDeviceEntries;
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
 * The signatures: a gateway signs its CONNECT and one entry per sub-device in topo/add and login; the platform
 * verifies each. Bring-up of 2,000 sub-devices signs 4,000 entries on each side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SigningBenchmark {

    private static final String SECRET = "SubSecret01abcdef0123456789abcdef";
    private final DeviceId device = DeviceId.of("a1SubPk001", "sub01");
    private final JsonNode signedEntry = SubDeviceEntries.signed(SignMethod.HMAC_SHA256, device, SECRET,
            "a1SubPk001.sub01", "1700000000000").put("signmethod", "hmacSha256");

    @Benchmark
    public MqttCredentials connectCredentials() {
        return MqttCredentials.forDevice(device, SECRET, SignMethod.HMAC_SHA256, "1700000000000", false, Map.of());
    }

    @Benchmark
    public String subDeviceSign() {
        return Signing.subDeviceSign(SignMethod.HMAC_SHA256, device, SECRET, "a1SubPk001.sub01", "1700000000000");
    }

    @Benchmark
    public boolean verifySubDevice() {
        return SubDeviceEntries.verify(signedEntry, null, SECRET);
    }
}
