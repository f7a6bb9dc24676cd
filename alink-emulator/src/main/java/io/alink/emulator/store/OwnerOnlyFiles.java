package io.alink.emulator.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner-only permissions for a folder of secrets and the files in it: the folder 0700, each file 0600, set explicitly
 * so that no process umask widens them. A folder or file found wider is tightened, with one WARN naming it and its
 * old mode (whoever could read it may have copied the secrets). On a file system without POSIX permissions this does
 * nothing beyond creating what is missing.
 */
public final class OwnerOnlyFiles {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates {@code dir} (and missing parents) owner-only, or tightens it and every file directly in it. */
    public static void folder(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = isPosix(parent == null ? dir : parent);
        try {
            Files.createDirectory(dir, creationMode(posix, FOLDER));
        } catch (FileAlreadyExistsException existing) {
            if (!Files.isDirectory(dir)) {
                throw existing;
            }
        }
        if (!posix) {
            return;
        }
        restrict(dir, FOLDER);
        List<Path> files;
        try (Stream<Path> children = Files.list(dir)) {
            // a link is left alone: tightening would change whatever it points to
            files = children.filter(child -> Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path file : files) {
            restrict(file, FILE);
        }
    }

    /**
     * Creates an empty owner-only {@code file} if missing, or tightens it. SQLite gives the -wal and -shm files it
     * creates later the mode of the database file, so a database created this way keeps its companions owner-only.
     */
    public static void file(Path file) throws IOException {
        boolean posix = isPosix(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, creationMode(posix, FILE));
        } catch (FileAlreadyExistsException existing) {
            // what it holds stays; only its mode changes
        }
        if (posix) {
            restrict(file, FILE);
        }
    }

    /** Sets exactly {@code mode}: also on what was just created, since a umask applies to creation modes. */
    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> old = Files.getPosixFilePermissions(path);
        if (old.equals(mode)) {
            return;
        }
        Files.setPosixFilePermissions(path, mode);
        Set<PosixFilePermission> beyond = EnumSet.noneOf(PosixFilePermission.class);
        beyond.addAll(old);
        beyond.removeAll(mode);
        if (!beyond.isEmpty()) {
            LOG.warn("{} was readable or writable by others (mode {}): tightened to {}", path, octal(old), octal(mode));
        }
    }

    /** Created with the mode at once: set afterwards, it would leave a moment for others to open the file. */
    private static FileAttribute<?>[] creationMode(boolean posix, Set<PosixFilePermission> mode) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path existing) {
        return existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** {@code 0755} for rwxr-xr-x. */
    private static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission permission : mode) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return String.format("0%03o", bits);
    }
}
