package io.alink.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at a firmware file: a GET, with {@code Range: bytes=N-} when N bytes are in the {@code .part} file
 * already, appending what arrives to it. A connection that delivers no byte for the idle timeout is cut off: the
 * HTTP client's own timeout ends when the headers are in, and a stalled body must not hang the download.
 */
final class FirmwareFetch {

    private static final Logger log = LoggerFactory.getLogger(FirmwareFetch.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    /** The attempt failed in a way another attempt may not: the connection broke, the server was busy. */
    static final class Retry extends Exception {
        private static final long serialVersionUID = 1L;

        Retry(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Path part;
    private final URI url;
    private final String where;
    private final long size;
    private final Progress progress;

    /** Reports the share downloaded, whole percent, no more often than every {@code step} percent. */
    static final class Progress {
        private final IntConsumer listener;
        private final int step;
        private int reported = 0;

        Progress(IntConsumer listener, int step) {
            this.listener = listener;
            this.step = step;
        }

        void at(long bytes, long size) {
            int percent = (int) Math.min(100, bytes * 100 / size);
            if (percent - reported >= step || percent == 100 && reported < 100) {
                reported = percent;
                try {
                    listener.accept(percent);
                } catch (RuntimeException e) {
                    // the listener's trouble is not the download's: it goes on
                    log.warn("The firmware download's progress listener failed: {}", e.toString());
                }
            }
        }
    }

    FirmwareFetch(HttpClient http, Duration timeout, URI url, long size, Path part, Progress progress) {
        this.http = http;
        this.timeout = timeout;
        this.url = url;
        this.where = url.getScheme() + "://" + url.getAuthority() + url.getPath();
        this.size = size;
        this.part = part;
        this.progress = progress;
    }

    /**
     * Brings the {@code .part} file up to {@code size} bytes.
     *
     * @throws Retry                         when another attempt may succeed
     * @throws FirmwareDownloadException     when the server refuses the file
     * @throws FirmwareVerificationException when the server sends more than {@code size} bytes
     */
    void run() throws Retry, InterruptedException {
        long have = existing();
        if (have == size) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            refuseUntrusted(e);
            throw new Retry(where + " did not answer: " + e, e);
        }
        boolean resumed = accept(response, have);
        try (InputStream body = response.body()) {
            copy(body, resumed ? have : 0, resumed);
        } catch (IOException e) {
            throw new Retry("the download from " + where + " broke off: " + e, e);
        }
    }

    /** A certificate that failed verification fails the same way on every attempt: no retry. */
    private void refuseUntrusted(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Tls.UntrustedCertificate untrusted) {
                throw new FirmwareDownloadException("the TLS certificate of " + url.getHost() + " is not trusted"
                        + " (subject " + untrusted.subject() + ", issuer " + untrusted.issuer() + "): set caFile to"
                        + " the certificate of the CA that signed it", failure);
            }
        }
    }

    /** Bytes already in the part file; one longer than the file cannot be part of it and is started over. */
    private long existing() {
        try {
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (have > size) {
                Files.delete(part);
                return 0;
            }
            return have;
        } catch (IOException e) {
            throw new FirmwareDownloadException("cannot read " + part + ": " + e.getMessage(), e);
        }
    }

    /** Whether the body continues the part file (206 from where it ends) rather than replacing it (200). */
    private boolean accept(HttpResponse<InputStream> response, long have) throws Retry {
        int status = response.statusCode();
        if (status == 206) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            if (range.startsWith("bytes " + have + "-")) {
                return true;
            }
            discard(response);
            throw new Retry(where + " answered the range from " + have + " with '" + range + "'", null);
        }
        if (status == 200) {
            return false;
        }
        discard(response);
        if (status == 416 || status == 429 || status >= 500) {
            if (status == 416) {
                // what we hold is not the start of what the server has: start over
                deletePart();
            }
            throw new Retry(where + " answered HTTP " + status, null);
        }
        throw new FirmwareDownloadException("firmware download from " + where + " refused: HTTP " + status
                + (status == 403 ? " (an expired or forged URL?)" : ""), null);
    }

    private void copy(InputStream body, long from, boolean append) throws IOException, Retry {
        AtomicLong bytes = new AtomicLong(from);
        AtomicBoolean done = new AtomicBoolean();
        watch(body, bytes, done);
        boolean tooLong = false;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; !tooLong && (n = body.read(buffer)) >= 0; ) {
                tooLong = bytes.get() + n > size;
                if (!tooLong) {
                    out.write(buffer, 0, n);
                    progress.at(bytes.addAndGet(n), size);
                }
            }
        } finally {
            done.set(true);
        }
        if (tooLong) {
            deletePart();
            throw new FirmwareVerificationException("the firmware from " + where + " is longer than the " + size
                    + " bytes of the upgrade notice; the file was deleted");
        }
        if (bytes.get() < size) {
            throw new Retry("the download from " + where + " ended after " + bytes.get() + " of " + size + " bytes",
                    null);
        }
    }

    /** Closes {@code body} when a whole idle timeout passes without a byte: the blocked read then ends. */
    private void watch(InputStream body, AtomicLong bytes, AtomicBoolean done) {
        long seen = bytes.get();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (done.get()) {
                return;
            }
            if (bytes.get() == seen) {
                log.warn("No byte from {} for {} ms; breaking the download off", where, timeout.toMillis());
                try {
                    body.close();
                } catch (IOException e) {
                    log.debug("Closing a stalled download: {}", e.toString());
                }
            } else {
                watch(body, bytes, done);
            }
        });
    }

    void deletePart() {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", part, e.getMessage());
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // nothing to keep from a refused answer
        }
    }
}
