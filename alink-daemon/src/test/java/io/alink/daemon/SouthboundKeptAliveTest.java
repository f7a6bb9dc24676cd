package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SouthboundFuzzTest's finding replayed on its own, byte for byte as the target sent it: a reply whose malformed body
 * holds carriage returns and a request line, then the device list on the same kept-alive connection. Alone it is
 * framed and answered right; the finding needed a connection closed after a malformed request just before (the
 * buffer race KeptAliveConnectionTest and docs/fuzzing.md describe).
 */
class SouthboundKeptAliveTest {

    private static final byte[] FINDING_BODY = Base64.getDecoder().decode(
            "eyIrY29kZSI6MjAwLCJkYVQgIjpbW1tbDQ0NBVBPU1QgL3YxIS9kZXZpY2VzL2ExU3ViRnUNeg0=");

    @TempDir
    static Path store;
    private static OfflineSouthbound southbound;

    @BeforeAll
    static void serving() {
        southbound = new OfflineSouthbound(store);
    }

    @AfterAll
    static void stop() {
        southbound.close();
    }

    @Test
    void givenTheFindingsReplyRefusedFor400_whenTheDevicesAreAskedOnTheSameConnection_thenTheyAreListed()
            throws Exception {
        try (RawHttp http = new RawHttp(southbound.port())) {
            RawHttp.Answer reply = http.exchange(ascii("POST /v1/commands/42/reply"), FINDING_BODY);

            RawHttp.Answer devices = http.exchange(ascii("GET /v1/devices"), new byte[0]);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(AlinkJson.MAPPER.readTree(reply.body()).path("message").asText())
                    .startsWith("malformed JSON at line 4, column 2: Illegal character ((CTRL-CHAR, code 5))");
            assertThat(devices.status()).isEqualTo(200);
            JsonNode listed = AlinkJson.MAPPER.readTree(devices.body());
            assertThat(listed.findValuesAsText("deviceName")).containsExactly("sub1", "sub2");
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
