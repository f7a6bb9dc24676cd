package io.alink.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of files the extension makes for one emulator (its platform data, its TLS certificate) and deletes after
 * it. Flat on purpose: what it holds are files, and a subfolder in it is an error, not something to delete blindly.
 */
record TemporaryFolder(Path path) {

    static TemporaryFolder create(String prefix) {
        try {
            return new TemporaryFolder(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }

    void delete() {
        try {
            List<Path> files;
            try (Stream<Path> listed = Files.list(path)) {
                files = listed.toList();
            }
            for (Path file : files) {
                Files.delete(file);
            }
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
