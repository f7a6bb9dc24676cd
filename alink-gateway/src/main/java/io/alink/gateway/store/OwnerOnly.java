package io.alink.gateway.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner-only modes for the store folder and its files, whatever the umask: the folder holds secrets (the gateway's,
 * those issued to sub-devices) and what devices reported. Folders are {@code rwx------}, files {@code rw-------};
 * one found wider is tightened, and that is logged (once: afterwards it is no longer wider). On a file system without
 * POSIX permissions nothing is changed.
 *
 * <p>Internal to the library; public only so that its packages share it.
 */
public final class OwnerOnly {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /**
     * Creates {@code dir} (and missing parents) owner-only, or tightens it if it exists with a wider mode.
     *
     * @param dir the folder
     * @return {@code dir}
     * @throws IOException when it cannot be created or its mode set
     */
    public static Path folder(Path dir) throws IOException {
        if (!posix(dir)) {
            return Files.createDirectories(dir);
        }
        if (Files.isDirectory(dir)) {
            tighten(dir, FOLDER, "folder");
            return dir;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        // the umask may have narrowed the mode further, never widened it; a parent that existed keeps its mode
        return dir;
    }

    /**
     * Creates an empty owner-only file if there is none; tightens one that exists with a wider mode.
     *
     * @param file the file
     * @throws IOException when it cannot be created or its mode set
     */
    public static void file(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException exists) {
            tighten(file, FILE, "file");
        }
    }

    /**
     * Tightens {@code file} if it exists with a wider mode; nothing if it does not exist.
     *
     * @param file the file
     * @throws IOException when its mode cannot be read or set
     */
    public static void existingFile(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        try {
            tighten(file, FILE, "file");
        } catch (NoSuchFileException absent) {
            // created later, by whoever creates it owner-only
        }
    }

    /**
     * The attribute that creates a file owner-only, for {@code Files.createTempFile} and the like.
     *
     * @param dir the folder the file goes in: on a file system without POSIX modes there is no such attribute
     * @return the attribute, or none
     */
    public static FileAttribute<?>[] fileAttributes(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted, String what) throws IOException {
        Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
        if (!wanted.containsAll(actual)) {
            Files.setPosixFilePermissions(path, wanted);
            log.warn("The store {} {} was {}; tightened to {}: it holds secrets and device data", what, path,
                    PosixFilePermissions.toString(actual), PosixFilePermissions.toString(wanted));
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
