package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayStoreTest {

    @TempDir
    Path dir;

    private final GatewayIdentity identity = new GatewayIdentity("a1GwPk0001", "gw01", "IssuedSecret42", "ProdSecret7");

    @Test
    void givenNothingStored_whenReading_thenThereIsNothing() {
        assertThat(new GatewayStore(dir.resolve("absent")).read()).isEmpty();
    }

    @Test
    void givenAnIdentity_whenWrittenIntoAFolderThatDoesNotExistYet_thenItReadsBackAndOnlyTheOwnerCanReadIt()
            throws IOException {
        Path folder = dir.resolve("a/b");
        GatewayStore store = new GatewayStore(folder);

        store.write(identity);

        assertThat(store.read()).contains(identity);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    }

    @Test
    void givenAWorldOpenFolderAndAReadableFileOfAnOlderVersion_whenReadAndWritten_thenBothAreTightened()
            throws IOException {
        GatewayStore store = new GatewayStore(dir);
        store.write(identity);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(store.read()).contains(identity);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        store.write(identity);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void givenAStoredIdentity_whenReplaced_thenTheNewOneIsReadAndNoTemporaryFileRemains() throws IOException {
        GatewayStore store = new GatewayStore(dir);
        store.write(identity);

        GatewayIdentity replaced = new GatewayIdentity("a1GwPk0001", "gw01", "NewSecret", null);
        store.write(replaced);

        assertThat(store.read()).contains(replaced);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void givenADamagedStore_whenReading_thenTheErrorNamesTheFileButNotItsContent() throws IOException {
        GatewayStore store = new GatewayStore(dir);
        Files.writeString(store.file(), "{\"deviceSecret\":\"LeakMeNot\"");

        assertThatThrownBy(store::read).isInstanceOf(GatewayException.class)
                .hasMessageContaining(store.file().toString()).hasMessageNotContaining("LeakMeNot")
                .hasNoCause();
    }

    @Test
    void givenAnIdentity_whenPrinted_thenNoSecretShows() {
        assertThat(identity.toString()).doesNotContain("IssuedSecret42", "ProdSecret7").contains("gw01");
    }
}
