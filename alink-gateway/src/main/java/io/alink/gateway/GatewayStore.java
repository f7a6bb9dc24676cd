package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.gateway.store.OwnerOnly;
import io.alink.protocol.AlinkJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The device-side store of the gateway's identity: one owner-only JSON file in an owner-only folder
 * ({@link OwnerOnly}; a wider one found is tightened). Writes go to a temporary file in the same folder that is then
 * moved over the old one, so a crash leaves either the old or the new identity, never half of one.
 */
public final class GatewayStore {

    static final String FILE_NAME = "gateway.json";

    private final Path dir;

    /** @param dir the store folder; created, owner-only, on the first write */
    public GatewayStore(Path dir) {
        this.dir = dir;
    }

    /** {@return the file that holds the identity: {@value #FILE_NAME} in the store folder} */
    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    /**
     * {@return the stored identity; empty before anything was stored}
     *
     * @throws GatewayException when it cannot be read
     */
    public Optional<GatewayIdentity> read() {
        byte[] bytes;
        try {
            // a file an older version left readable by others is made owner-only before its secret is read
            OwnerOnly.existingFile(file());
            bytes = Files.readAllBytes(file());
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GatewayException("cannot read the gateway store " + file(), e);
        }
        try {
            JsonNode json = AlinkJson.parse(bytes);
            return Optional.of(new GatewayIdentity(text(json, "productKey"), text(json, "deviceName"),
                    text(json, "deviceSecret"), text(json, "productSecret")));
        } catch (IllegalArgumentException | NullPointerException e) {
            // the parser's message may quote the file, secrets included: it is not passed on
            throw new GatewayException("the gateway store " + file() + " is damaged");
        }
    }

    /**
     * Replaces the stored identity atomically.
     *
     * @param identity what to store, secrets included
     * @throws GatewayException when it cannot be written
     */
    public synchronized void write(GatewayIdentity identity) {
        ObjectNode json = AlinkJson.object()
                .put("productKey", identity.productKey())
                .put("deviceName", identity.deviceName())
                .put("deviceSecret", identity.deviceSecret())
                .put("productSecret", identity.productSecret());
        Path temp = null;
        try {
            OwnerOnly.folder(dir);
            temp = Files.createTempFile(dir, FILE_NAME, ".tmp", OwnerOnly.fileAttributes(dir));
            Files.write(temp, AlinkJson.toBytes(json));
            move(temp, file());
        } catch (IOException e) {
            throw new GatewayException("cannot write the gateway store " + file(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException ignored) {
            // a stray temporary file is harmless: it is never read
        }
    }

    private static String text(JsonNode json, String field) {
        return AlinkJson.text(json, field);
    }

    @Override
    public String toString() {
        return "GatewayStore[" + file() + "]";
    }
}
