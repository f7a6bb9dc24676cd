package io.alink.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.daemon.connector.Schedulers;
import io.alink.gateway.FirmwareDownload;
import io.alink.gateway.FirmwareDownloadException;
import io.alink.gateway.FirmwareVerificationException;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.GatewayException;
import io.alink.gateway.store.OwnerOnly;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ota.OtaFailure;
import io.alink.protocol.ota.OtaProgress;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of firmware updates. An upgrade notice for a configured sub-device is downloaded and verified
 * into the store's {@code ota/} folder, the download's progress reported to the cloud, and then handed to the
 * sub-device's adapter as a command of kind {@value #KIND}; the adapter reports its progress and the new version
 * through the southbound API ({@link OtaRoutes}). The gateway's own notice runs the configured {@link GatewayHook}
 * on the file and reports how it ended. A file that fails verification is deleted and reported as step -3, a
 * download that fails as step -2. Downloads run one at a time, on a thread of their own.
 *
 * <p>A sub-device a connector serves has no adapter to poll its commands, and Modbus and OPC UA carry no firmware:
 * its notice is reported as step -1 at once, naming the connector, and nothing is downloaded. Otherwise the cloud's
 * job would wait, as notified, for a command no one collects.
 *
 * <p>The versions of gateway.yaml are informed once each device is online, once per daemon run.
 */
final class DaemonOta implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonOta.class);
    /** The southbound command's kind. */
    static final String KIND = "ota";
    private static final String DEFAULT_MODULE = "default";

    private final GatewayClient client;
    private final SubDevices devices;
    private final Commands commands;
    private final OtaSettings settings;
    private final Function<DeviceId, Optional<String>> servingConnector;
    private final GatewayHook hook;
    private final Path folder;
    private final ScheduledExecutorService worker = Schedulers.singleThread("alink-daemon-ota");
    private final FirmwareDownload download;
    private final Set<DeviceId> informed = ConcurrentHashMap.newKeySet();
    /** The files being downloaded or installed: a notice pushed again meanwhile is not acted on twice. */
    private final Set<String> underway = ConcurrentHashMap.newKeySet();

    /** @param servingConnector the connector that serves a sub-device, if one does */
    DaemonOta(GatewayClient client, SubDevices devices, Commands commands, OtaSettings settings,
              Function<DeviceId, Optional<String>> servingConnector, Path store) {
        this.client = client;
        this.devices = devices;
        this.commands = commands;
        this.settings = settings;
        this.servingConnector = servingConnector;
        this.hook = new GatewayHook(settings.gatewayCommand());
        this.folder = store.resolve("ota");
        this.download = FirmwareDownload.builder().caFile(client.config().caFile().orElse(null))
                .timeout(client.config().requestTimeout())
                .retryDelay(client.config().reconnectMinDelay(), client.config().reconnectMaxDelay())
                .executor(worker).build();
        client.ota().onUpgradeNotice(this::onNotice);
    }

    /** Informs the versions of gateway.yaml of the devices online now that were not informed yet. */
    void informVersions() {
        if (settings.gatewayVersion() != null) {
            inform(client.gatewayId(), settings.gatewayVersion());
        }
        Set<DeviceId> online = client.loggedIn();
        settings.versions().forEach((device, version) -> {
            if (online.contains(device)) {
                inform(device, version);
            }
        });
    }

    private void inform(DeviceId device, String version) {
        if (!informed.add(device)) {
            return;
        }
        client.ota().inform(device, version).whenComplete((done, error) -> {
            if (error != null) {
                informed.remove(device);
                LOG.warn("Version {} of {} not informed: {}", version, device, unwrap(error).getMessage());
            }
        });
    }

    private void onNotice(DeviceId device, OtaUpgradeNotice notice) {
        boolean gateway = device.equals(client.gatewayId());
        if (!gateway && !devices.isConfigured(device)) {
            LOG.warn("Upgrade notice of {} to {} ignored: no such sub-device in the configuration", device,
                    notice.version());
            return;
        }
        if (gateway && !hook.isConfigured()) {
            report(device, OtaFailure.UPGRADE_FAILED.step(), "no ota.gatewayCommand is configured", notice);
            return;
        }
        Optional<String> connector = gateway ? Optional.empty() : servingConnector.apply(device);
        if (connector.isPresent()) {
            LOG.warn("Upgrade notice of {} to {} refused: the connector {} serves it and installs no firmware",
                    device, notice.version(), connector.get());
            report(device, OtaFailure.UPGRADE_FAILED.step(), "served by the connector " + connector.get()
                    + ", which installs no firmware", notice);
            return;
        }
        LOG.info("Upgrade notice of {}: {} of module {}, {} bytes", device, notice.version(), module(notice),
                notice.size());
        String name = fileName(device, notice);
        if (!underway.add(name)) {
            LOG.info("Upgrade notice of {} to {} again: that upgrade is underway", device, notice.version());
            return;
        }
        CompletableFuture<Path> file;
        try {
            Path target = OwnerOnly.folder(folder).resolve(name);
            file = download.download(notice, target, percent -> report(device, percent, "downloading", notice));
        } catch (IOException | GatewayException refused) {
            underway.remove(name);
            report(device, OtaFailure.DOWNLOAD_FAILED.step(), refused.getMessage(), notice);
            return;
        }
        // on the download thread: a gateway's hook runs there, one upgrade at a time
        file.whenCompleteAsync((verified, error) -> {
            try {
                if (error != null) {
                    failed(device, notice, unwrap(error));
                } else if (gateway) {
                    install(notice, verified);
                } else {
                    handOver(device, notice, verified);
                }
            } finally {
                underway.remove(name);
            }
        }, worker);
    }

    private void failed(DeviceId device, OtaUpgradeNotice notice, Throwable error) {
        int step = error instanceof FirmwareVerificationException verification ? verification.failure().step()
                : error instanceof FirmwareDownloadException downloading ? downloading.failure().step()
                : OtaFailure.DOWNLOAD_FAILED.step();
        LOG.warn("Firmware {} of {} failed: {}", notice.version(), device, error.getMessage());
        report(device, step, error.getMessage(), notice);
    }

    /** The gateway's own firmware: the hook installs it, on the download thread (one upgrade at a time). */
    private void install(OtaUpgradeNotice notice, Path firmware) {
        GatewayHook.Outcome outcome = hook.run(firmware);
        report(client.gatewayId(), outcome.succeeded() ? OtaProgress.DONE : OtaFailure.FLASH_FAILED.step(),
                outcome.description(), notice);
    }

    private void handOver(DeviceId device, OtaUpgradeNotice notice, Path firmware) {
        ObjectNode params = AlinkJson.object()
                .put("version", notice.version())
                .put("module", notice.module())
                .put("file", firmware.toString())
                .put("size", notice.size())
                .put("sign", notice.normalizedSign())
                .put("signMethod", notice.signMethod().wireName());
        if (!commands.deliverWithoutReply(device, KIND, notice.version(), params)) {
            report(device, OtaFailure.UPGRADE_FAILED.step(), "too many commands wait for the adapter", notice);
        }
    }

    private void report(DeviceId device, int step, String desc, OtaUpgradeNotice notice) {
        try {
            client.ota().reportProgress(device, step, desc, notice.module()).whenComplete((sent, error) -> {
                if (error != null) {
                    LOG.warn("Progress {} of {} not reported: {}", step, device, unwrap(error).getMessage());
                }
            });
        } catch (GatewayException e) {
            // a sub-device that went offline meanwhile: nothing can carry the report
            LOG.warn("Progress {} of {} not reported: {}", step, device, e.getMessage());
        }
    }

    /** One file per device, module and version: a later notice for the same resumes what an earlier left. */
    private static String fileName(DeviceId device, OtaUpgradeNotice notice) {
        return (device.productKey() + "." + device.deviceName() + "." + module(notice) + "." + notice.version())
                .replaceAll("[^A-Za-z0-9._-]", "_") + ".bin";
    }

    private static String module(OtaUpgradeNotice notice) {
        return notice.module() == null ? DEFAULT_MODULE : notice.module();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
