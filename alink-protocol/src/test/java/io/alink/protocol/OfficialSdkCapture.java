package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The device-to-cloud lines of the official SDK capture (test resource copied from shared/vectors). */
final class OfficialSdkCapture {

    static final String GATEWAY_SECRET = "GwSecret0123456789abcdef01234567";
    static final String SUB01_SECRET = "SubSecret01abcdef0123456789abcdef";
    static final String SUB02_SECRET = "SubSecret02abcdef0123456789abcdef";

    record Publish(int run, String topic, String payload) {
    }

    record Connect(int run, JsonNode fields) {
    }

    private final List<Publish> publishes = new ArrayList<>();
    private final List<Connect> connects = new ArrayList<>();

    OfficialSdkCapture() throws IOException {
        String text;
        try (InputStream in = OfficialSdkCapture.class.getResourceAsStream("/official-sdk-capture.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int run = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("## RUN ")) {
                run = Integer.parseInt(line.substring(7, line.indexOf(':')));
            }
            if (line.contains(" C->B CONNECT ")) {
                connects.add(new Connect(run, AlinkJson.parse(line.substring(line.indexOf('{')))));
            }
            int at = line.indexOf(" C->B PUBLISH ");
            if (at >= 0) {
                String topic = line.substring(line.indexOf("topic=") + 6, line.indexOf(" payload="));
                publishes.add(new Publish(run, topic, line.substring(line.indexOf(" payload=") + 9)));
            }
        }
    }

    List<Publish> publishes(int run, String topicSuffix) {
        return publishes.stream().filter(p -> p.run() == run && p.topic().endsWith(topicSuffix)).toList();
    }

    List<Publish> publishes() {
        return publishes;
    }

    Connect connect(int run) {
        return connects.stream().filter(c -> c.run() == run).findFirst().orElseThrow();
    }

    static String secretOf(String deviceName) {
        return switch (deviceName) {
            case "gw01" -> GATEWAY_SECRET;
            case "sub01" -> SUB01_SECRET;
            case "sub02" -> SUB02_SECRET;
            default -> throw new IllegalArgumentException(deviceName);
        };
    }
}
