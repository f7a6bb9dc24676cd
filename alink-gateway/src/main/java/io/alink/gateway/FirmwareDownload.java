package io.alink.gateway;

import io.alink.protocol.ota.OtaSignMethod;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the firmware file of an {@link OtaUpgradeNotice} into a local file and checks it against the notice.
 *
 * <pre>{@code
 * FirmwareDownload download = FirmwareDownload.of(client.config());
 * download.download(notice, Path.of("/var/lib/gw/ota/fw.bin"), percent -> ...)
 *         .exceptionally(error -> ...);   // FirmwareVerificationException: report step -3; otherwise -2
 * }</pre>
 *
 * <p>Over HTTPS it trusts what the MQTT connection trusts: the configured {@link GatewayConfig#caFile() caFile},
 * else the JDK's trust store. Plain HTTP is refused but to a loopback host (a local emulator). The file grows as
 * {@code <target>.part}: a download that breaks off is tried again, at most {@value #MAX_ATTEMPTS} times with a
 * growing random delay in between, each attempt asking only for the missing bytes ({@code Range: bytes=N-}); a
 * later call for the same target resumes a {@code .part} file left behind too. Once complete the file's size and
 * sign are checked: a mismatch deletes it and fails with a {@link FirmwareVerificationException}; only a file that
 * matches is moved to the target. Progress is reported in whole percent, no more often than every
 * {@value #PROGRESS_STEP_PERCENT} percent, on the downloading thread.
 *
 * <p>Thread-safe; each download runs on a thread of its own unless the builder names an executor.
 */
public final class FirmwareDownload {

    /** Progress is reported when it grew by this many percent since the last report, and at 100. */
    public static final int PROGRESS_STEP_PERCENT = 5;
    /** Attempts at one file before the download fails. */
    public static final int MAX_ATTEMPTS = 5;
    /** What the file is called while it is incomplete or not yet verified: the target's name plus this. */
    public static final String PART_SUFFIX = ".part";

    private static final Logger log = LoggerFactory.getLogger(FirmwareDownload.class);
    private final HttpClient http;
    private final Duration timeout;
    private final Backoff backoff;
    private final Executor executor;

    private FirmwareDownload(Builder builder) {
        this.timeout = builder.timeout;
        this.backoff = new Backoff(builder.minDelay, builder.maxDelay);
        this.executor = builder.executor != null ? builder.executor : FirmwareDownload::ownThread;
        this.http = FileDownloads.httpClient(builder.caFile, timeout);
    }

    /**
     * Downloads with the trust, timeout and retry delays of a gateway client's configuration.
     *
     * @param config the client's configuration: its caFile, request timeout and reconnect delays
     * @return the downloader
     * @throws ConnectionException when the caFile cannot be read
     */
    public static FirmwareDownload of(GatewayConfig config) {
        return builder().caFile(config.caFile().orElse(null)).timeout(config.requestTimeout())
                .retryDelay(config.reconnectMinDelay(), config.reconnectMaxDelay()).build();
    }

    /** {@return a builder: the JDK's trust store, the default request timeout and reconnect delays} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Downloads the firmware of {@code notice} into {@code target}, resuming {@code target}'s {@code .part} file if
     * there is one.
     *
     * @param notice   the upgrade notice: URL, size, sign and sign method
     * @param target   the file to create (replaced if it exists); its folder must exist
     * @param progress told the share downloaded so far, in percent (1 to 100), at most every
     *                 {@value #PROGRESS_STEP_PERCENT} percent
     * @return completes with {@code target} once it is complete and verified; fails with a
     *         {@link FirmwareVerificationException} (file deleted) or a {@link FirmwareDownloadException}
     * @throws InvalidRequestException for a missing argument, or a URL that is neither HTTPS nor HTTP to loopback
     */
    public CompletableFuture<Path> download(OtaUpgradeNotice notice, Path target, IntConsumer progress) {
        if (notice == null || target == null || progress == null) {
            throw new InvalidRequestException("notice, target and progress are required");
        }
        URI url = FileDownloads.requireAllowed(notice.url(), "firmware");
        Path part = target.resolveSibling(target.getFileName() + PART_SUFFIX);
        FirmwareFetch fetch = new FirmwareFetch(http, timeout, url, notice.size(), part,
                new FirmwareFetch.Progress(progress, PROGRESS_STEP_PERCENT));
        return CompletableFuture.supplyAsync(() -> {
            fetchWithRetries(fetch);
            verify(part, notice);
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new FirmwareDownloadException("cannot move the verified firmware to " + target + ": "
                        + e.getMessage(), e);
            }
            return target;
        }, executor);
    }

    private void fetchWithRetries(FirmwareFetch fetch) {
        for (int attempt = 0; ; attempt++) {
            try {
                fetch.run();
                return;
            } catch (FirmwareFetch.Retry e) {
                if (attempt + 1 >= MAX_ATTEMPTS) {
                    throw new FirmwareDownloadException("firmware download failed after " + MAX_ATTEMPTS
                            + " attempts: " + e.getMessage(), e.getCause());
                }
                long delay = backoff.delayMillis(attempt, ThreadLocalRandom.current().nextDouble());
                log.info("{}; trying again in {} ms", e.getMessage(), delay);
                sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FirmwareDownloadException("firmware download interrupted", e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirmwareDownloadException("firmware download interrupted", e);
        }
    }

    /** Size and sign as the notice says, or the file is deleted. */
    private static void verify(Path part, OtaUpgradeNotice notice) {
        String problem;
        try {
            long size = Files.size(part);
            problem = size != notice.size() ? "is " + size + " bytes, the notice says " + notice.size()
                    : signProblem(part, notice.signMethod(), notice.sign());
        } catch (IOException e) {
            throw new FirmwareDownloadException("cannot read the downloaded firmware " + part + ": " + e.getMessage(),
                    e);
        }
        if (problem != null) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                log.warn("Cannot delete the firmware that failed verification, {}: {}", part, e.getMessage());
            }
            throw new FirmwareVerificationException("the firmware " + notice.version() + " " + problem
                    + "; the file was deleted");
        }
    }

    private static String signProblem(Path file, OtaSignMethod method, String sign) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(method.digestAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + method.digestAlgorithm(), e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        return actual.equalsIgnoreCase(sign) ? null
                : "has " + method.wireName() + " sign " + actual + ", the notice says " + sign.toLowerCase(Locale.ROOT);
    }

    private static void ownThread(Runnable download) {
        Thread thread = new Thread(download, "alink-firmware-download");
        thread.setDaemon(true);
        thread.start();
    }

    /** Settings of a {@link FirmwareDownload}. */
    public static final class Builder {
        private Path caFile;
        private Duration timeout = GatewayConfig.DEFAULT_REQUEST_TIMEOUT;
        private Duration minDelay = GatewayConfig.DEFAULT_RECONNECT_MIN_DELAY;
        private Duration maxDelay = GatewayConfig.DEFAULT_RECONNECT_MAX_DELAY;
        private Executor executor;

        private Builder() {
        }

        /**
         * PEM or DER certificates to trust instead of the JDK trust store, as {@link GatewayConfig.Builder#caFile}.
         *
         * @param caFile a readable file; null for the JDK trust store
         * @return this builder
         */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /**
         * How long to wait for a connection, for the answer's headers, and between two bytes of the file.
         *
         * @param timeout positive
         * @return this builder
         * @throws InvalidRequestException when not positive
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidRequestException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The bounds of the random, growing delay before another attempt, as for reconnections.
         *
         * @param min the first delay's lower bound, positive
         * @param max the longest delay, at least {@code min}
         * @return this builder
         * @throws InvalidRequestException unless {@code 0 < min <= max}
         */
        public Builder retryDelay(Duration min, Duration max) {
            if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new InvalidRequestException("retry delays need 0 < min <= max");
            }
            this.minDelay = min;
            this.maxDelay = max;
            return this;
        }

        /**
         * Where downloads run; they block their thread while they last.
         *
         * @param executor null for a new thread per download
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * {@return the downloader}
         *
         * @throws ConnectionException when the caFile cannot be read
         */
        public FirmwareDownload build() {
            return new FirmwareDownload(this);
        }
    }
}
