package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.protocol.ota.OtaFailure;
import io.alink.protocol.ota.OtaSignMethod;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FirmwareDownload} against a file server on loopback. */
class FirmwareDownloadTest {

    private static final byte[] FIRMWARE = new byte[300_000];

    static {
        new Random(12).nextBytes(FIRMWARE);
    }

    @TempDir
    Path dir;

    private FirmwareServer server;
    private final List<Integer> progress = new CopyOnWriteArrayList<>();
    private final FirmwareDownload download = FirmwareDownload.builder()
            .retryDelay(Duration.ofMillis(10), Duration.ofMillis(50)).build();

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private OtaUpgradeNotice notice(long size, OtaSignMethod method, String sign) {
        return new OtaUpgradeNotice("1", null, null, size, "2.0.0", server.url(), sign, method, null, null, null);
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void givenAServerThatDropsTheConnectionHalfWay_whenDownloading_thenTheRestIsFetchedWithARangeAndVerified()
            throws Exception {
        server = FirmwareServer.serving(FIRMWARE).dropMidFileOnce();
        Path target = dir.resolve("fw.bin");

        await(download.download(notice(FIRMWARE.length, OtaSignMethod.SHA256, digest("SHA-256", FIRMWARE)), target,
                progress::add));

        assertThat(Files.readAllBytes(target)).isEqualTo(FIRMWARE);
        assertThat(server.ranges()).hasSize(2);
        assertThat(server.ranges().get(0)).isEmpty();
        assertThat(server.ranges().get(1)).matches("bytes=[1-9]\\d*-");
        assertThat(dir.resolve("fw.bin" + FirmwareDownload.PART_SUFFIX)).doesNotExist();
    }

    @Test
    void givenAPartFileLeftBehind_whenDownloadingAgain_thenOnlyTheMissingBytesAreAskedFor() throws Exception {
        server = FirmwareServer.serving(FIRMWARE);
        Path target = dir.resolve("fw.bin");
        Files.write(dir.resolve("fw.bin.part"), java.util.Arrays.copyOf(FIRMWARE, 1000));

        await(download.download(notice(FIRMWARE.length, OtaSignMethod.MD5, digest("MD5", FIRMWARE)), target,
                progress::add));

        assertThat(server.ranges()).containsExactly("bytes=1000-");
        assertThat(Files.readAllBytes(target)).isEqualTo(FIRMWARE);
    }

    @Test
    void givenAWrongSign_whenDownloading_thenTheFileIsDeletedAndVerificationFails() throws Exception {
        server = FirmwareServer.serving(FIRMWARE);
        Path target = dir.resolve("fw.bin");
        String wrong = digest("MD5", "another file".getBytes());

        FirmwareVerificationException failed = failure(download.download(notice(FIRMWARE.length, OtaSignMethod.MD5,
                wrong), target, progress::add), FirmwareVerificationException.class);

        assertThat(failed.failure()).isEqualTo(OtaFailure.VERIFY_FAILED);
        assertThat(failed.getMessage()).contains("Md5", wrong, "deleted");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("fw.bin.part")).doesNotExist();
    }

    @Test
    void givenAFileLongerThanTheNoticeSays_whenDownloading_thenItIsDeletedAndVerificationFails() throws Exception {
        server = FirmwareServer.serving(FIRMWARE);
        Path target = dir.resolve("fw.bin");

        failure(download.download(notice(FIRMWARE.length - 1, OtaSignMethod.MD5, digest("MD5", FIRMWARE)), target,
                progress::add), FirmwareVerificationException.class);

        assertThat(target).doesNotExist();
        assertThat(dir.resolve("fw.bin.part")).doesNotExist();
    }

    @Test
    void givenAFileOfManyChunks_whenDownloading_thenProgressIsReportedAtMostEveryStepAndEndsAt100()
            throws Exception {
        server = FirmwareServer.serving(FIRMWARE);

        await(download.download(notice(FIRMWARE.length, OtaSignMethod.MD5, digest("MD5", FIRMWARE)),
                dir.resolve("fw.bin"), progress::add));

        assertThat(progress).isNotEmpty().hasSizeLessThanOrEqualTo(100 / FirmwareDownload.PROGRESS_STEP_PERCENT + 1);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(100);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i) - progress.get(i - 1)).isGreaterThanOrEqualTo(
                    progress.get(i) == 100 ? 1 : FirmwareDownload.PROGRESS_STEP_PERCENT);
        }
    }

    @Test
    void givenAMissingFile_whenDownloading_thenItFailsAsADownloadFailureWithoutRetrying() throws Exception {
        server = FirmwareServer.serving(FIRMWARE);
        OtaUpgradeNotice notice = new OtaUpgradeNotice("1", null, null, 10, "2.0.0",
                server.url().replace("fw.bin", "gone.bin"), digest("MD5", FIRMWARE), OtaSignMethod.MD5, null, null,
                null);

        FirmwareDownloadException failed = failure(download.download(notice, dir.resolve("fw.bin"), progress::add),
                FirmwareDownloadException.class);

        assertThat(failed.failure()).isEqualTo(OtaFailure.DOWNLOAD_FAILED);
        assertThat(failed.getMessage()).contains("HTTP 404").doesNotContain("signature");
    }

    @Test
    void givenPlainHttpToAnotherHost_whenDownloading_thenItIsRefusedBeforeAnyRequest() throws Exception {
        server = FirmwareServer.serving(FIRMWARE);
        OtaUpgradeNotice notice = new OtaUpgradeNotice("1", null, null, 10, "2.0.0", "http://firmware.example/fw.bin",
                digest("MD5", FIRMWARE), OtaSignMethod.MD5, null, null, null);

        assertThatThrownBy(() -> download.download(notice, dir.resolve("fw.bin"), progress::add))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("https");
    }
}
