package io.alink.bench.micro;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.TopicKind;
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

/** The Alink envelope both ways, with the ~100-byte property post of the uplink scenario, and topic parsing. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeBenchmark {

    private final JsonNode params = AlinkJson.parse("{\"Temperature\":23.5,\"Humidity\":61}");
    private final byte[] request = AlinkRequest.of("12345", TopicKind.PROPERTY_POST.method(), params).toBytes();
    private final byte[] reply = AlinkReply.success("12345", AlinkJson.object()).toBytes();
    private final String topic = "/sys/a1SubPk001/sub01/thing/event/property/post_reply";

    @Benchmark
    public byte[] encodeRequest() {
        return AlinkRequest.of("12345", TopicKind.PROPERTY_POST.method(), params).toBytes();
    }

    @Benchmark
    public AlinkRequest decodeRequest() {
        return AlinkRequest.parse(request);
    }

    @Benchmark
    public byte[] encodeReply() {
        return AlinkReply.success("12345", params).toBytes();
    }

    @Benchmark
    public AlinkReply decodeReply() {
        return AlinkReply.parse(reply);
    }

    @Benchmark
    public Object parseTopic() {
        return AlinkTopic.parse(topic);
    }
}
