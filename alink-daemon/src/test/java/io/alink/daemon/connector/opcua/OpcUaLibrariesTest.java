package io.alink.daemon.connector.opcua;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.config.ConfigException;
import org.junit.jupiter.api.Test;

class OpcUaLibrariesTest {

    @Test
    void givenMiloOnTheClassPath_whenRequired_thenNothingIsSaid() {
        assertThatCode(() -> OpcUaLibraries.require("connectors[0]")).doesNotThrowAnyException();
    }

    @Test
    void givenAnInstallationWithoutTheOpcUaArchive_whenRequired_thenTheErrorNamesTheKeyAndWhatToUnpack() {
        assertThatThrownBy(() -> OpcUaLibraries.require("connectors[1]", "org.eclipse.milo.NotInstalled"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors[1].type")
                .hasMessageContaining("alink-gateway-*-opcua.tar.gz")
                .hasMessageContaining("lib/opcua/");
    }
}
