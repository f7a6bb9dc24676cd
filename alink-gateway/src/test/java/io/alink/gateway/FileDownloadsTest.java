package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of where firmware and configuration files may be fetched from; nothing here opens a connection. */
class FileDownloadsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://iot-ota.example.com/fw.bin", "http://127.0.0.1:8080/f", "http://localhost/f",
            "http://[::1]:9000/f", "HTTPS://Config.example.com/c.json"})
    void givenHttpsOrPlainHttpToLoopback_whenChecked_thenTheUrlIsAllowed(String url) {
        assertThat(FileDownloads.requireAllowed(url, "firmware")).hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://config.example.com/c.json", "http://10.0.0.7/f", "http://127.0.0.1.example.com/f",
            "ftp://127.0.0.1/f", "file:///etc/passwd", "https:///no-host", "not a url"})
    void givenAnyOtherUrl_whenChecked_thenItIsRefusedNamingTheFile(String url) {
        assertThatThrownBy(() -> FileDownloads.requireAllowed(url, "configuration file"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("configuration file URL");
    }

    @Test
    void givenNoUrl_whenChecked_thenItIsRefusedAsMissing() {
        assertThatThrownBy(() -> FileDownloads.requireAllowed(null, "firmware"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("missing");
    }
}
