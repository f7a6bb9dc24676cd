package io.alink.emulator.platform;

import io.alink.emulator.AdminException;
import io.alink.emulator.ota.DownloadUrls;
import io.alink.emulator.ota.FirmwarePackage;
import io.alink.emulator.ota.OtaAdmin;
import io.alink.emulator.ota.OtaJob;
import io.alink.emulator.ota.OtaJobRequest;
import io.alink.emulator.ota.OtaTarget;
import io.alink.emulator.ota.OtaTargetState;
import io.alink.emulator.store.OtaStore;
import io.alink.emulator.store.OtaStore.StoredJob;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ota.OtaInform;
import io.alink.protocol.ota.OtaProgress;
import io.alink.protocol.ota.OtaSignMethod;
import io.alink.protocol.ota.OtaTopics;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's firmware upgrades: packages and jobs from the console ({@link OtaAdmin}), and what devices tell
 * about them (inform, progress, firmware/get). A target gets its notice when the job is created if it is online,
 * else when it comes online (CONNECT, sub-device login) or asks. Jobs and states live in {@link OtaStore}; this
 * object's lock keeps a device's events and a job's creation from interleaving.
 */
final class OtaJobs implements OtaAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(OtaJobs.class);

    private final Registry registry;
    private final Sessions sessions;
    private final Downlink downlink;
    private final OtaStore store;
    private final DownloadUrls urls;
    /**
     * Whether a job was ever created (jobs are never deleted): until then a device coming online has nothing to
     * hear, and every CONNECT would otherwise query the store for its open jobs.
     */
    private volatile boolean anyJob;

    OtaJobs(Registry registry, Sessions sessions, Downlink downlink, OtaStore store, DownloadUrls urls) {
        this.registry = registry;
        this.sessions = sessions;
        this.downlink = downlink;
        this.store = store;
        this.urls = urls;
        this.anyJob = !store.jobs().isEmpty();
    }

    // ---- the console ------------------------------------------------------------------------------------------------

    @Override
    public FirmwarePackage uploadFirmware(String productKey, String version, String module, byte[] file) {
        String moduleName = module == null ? FirmwarePackage.DEFAULT_MODULE : module;
        try {
            // what a device cannot inform, no job could ever see succeed
            new OtaInform(null, version, moduleName);
        } catch (AlinkFormatException e) {
            throw new AdminException(400, e.getMessage());
        }
        if (registry.product(productKey).isEmpty()) {
            throw new AdminException(404, "no product " + productKey);
        }
        if (file.length == 0) {
            throw new AdminException(400, "the firmware file is empty");
        }
        if (file.length > MAX_FIRMWARE_BYTES) {
            throw new AdminException(413, "a firmware file is at most " + MAX_FIRMWARE_BYTES + " bytes");
        }
        FirmwarePackage stored = store.addFirmware(productKey, version, moduleName, file);
        LOG.info("firmware package {} uploaded: {} {} module {}, {} bytes", stored.id(), productKey, version,
                moduleName, file.length);
        return stored;
    }

    @Override
    public List<FirmwarePackage> firmware() {
        return store.firmware();
    }

    @Override
    public synchronized OtaJob createJob(OtaJobRequest request) {
        FirmwarePackage firmware = store.firmware(request.firmwareId())
                .orElseThrow(() -> new AdminException(404, "no firmware package " + request.firmwareId()));
        List<DeviceId> chosen = request.allOfProduct()
                ? registry.devices().stream().map(StoredDevice::id)
                        .filter(d -> d.productKey().equals(firmware.productKey())).toList()
                : request.devices();
        for (DeviceId device : chosen) {
            if (!device.productKey().equals(firmware.productKey())) {
                throw new AdminException(400, "device " + device + " is not of the package's product "
                        + firmware.productKey());
            }
            if (registry.device(device).isEmpty()) {
                throw new AdminException(400, "device " + device + " does not exist");
            }
        }
        List<DeviceId> targets = chosen.stream().distinct().filter(device -> request.sourceVersions().isEmpty()
                || store.version(device, firmware.module()).filter(request.sourceVersions()::contains).isPresent())
                .toList();
        // before the job's targets are looked for online: a device coming online meanwhile then sees the flag
        anyJob = true;
        StoredJob job = store.addJob(firmware.id(), request.signMethod().wireName(), targets);
        LOG.info("OTA job {}: package {} for {} devices", job.id(), firmware.id(), targets.size());
        targets.forEach(device -> sessions.carrying(device).ifPresent(session -> notify(session, job, device)));
        return view(job);
    }

    @Override
    public Optional<OtaJob> job(long id) {
        return store.job(id).map(this::view);
    }

    @Override
    public List<OtaJob> jobs() {
        return store.jobs().stream().map(this::view).toList();
    }

    private OtaJob view(StoredJob job) {
        return new OtaJob(job.id(), firmwareOf(job), OtaSignMethod.parse(job.signMethod()), job.created(),
                store.targets(job.id()));
    }

    // ---- devices ----------------------------------------------------------------------------------------------------

    /** A device came online on {@code session} (its own connection, or its gateway's at login). */
    void cameOnline(Session session, DeviceId device) {
        if (anyJob) {
            notifyQueued(session, device);
        }
    }

    private synchronized void notifyQueued(Session session, DeviceId device) {
        for (StoredJob job : store.openJobs(device)) {
            if (target(job, device).state() == OtaTargetState.QUEUED) {
                notify(session, job, device);
            }
        }
    }

    /** Records the version; a target of an open job of that module that informs the job's version has succeeded. */
    synchronized void informed(DeviceId device, OtaInform inform) {
        String module = moduleOf(inform.module());
        store.saveVersion(device, module, inform.version());
        for (StoredJob job : store.openJobs(device)) {
            FirmwarePackage firmware = firmwareOf(job);
            if (firmware.module().equals(module)) {
                OtaTarget target = target(job, device);
                OtaTargetState state = firmware.version().equals(inform.version()) ? OtaTargetState.SUCCEEDED
                        : target.state();
                store.saveTarget(job.id(), new OtaTarget(device, state, target.step(), target.desc(),
                        inform.version()));
            }
        }
    }

    /** Records a step on the newest open job of the module; a failure step ends the device's part in it. */
    synchronized void progressed(DeviceId device, OtaProgress progress) {
        Optional<StoredJob> job = newestOpenJob(device, moduleOf(progress.module()));
        if (job.isEmpty()) {
            LOG.info("progress of {} ignored: no upgrade of module {} is open for it", device,
                    moduleOf(progress.module()));
            return;
        }
        OtaTarget target = target(job.get(), device);
        OtaTargetState state = progress.failure().isPresent() ? OtaTargetState.FAILED : OtaTargetState.IN_PROGRESS;
        store.saveTarget(job.get().id(), new OtaTarget(device, state, progress.step(), progress.desc(),
                target.reportedVersion()));
    }

    /** The notice of the newest open job of the module, marked as given; empty when none waits for the device. */
    synchronized Optional<OtaUpgradeNotice> pendingNotice(DeviceId device, String module) {
        return newestOpenJob(device, moduleOf(module)).map(job -> {
            markNotified(job, device);
            return notice(job, device);
        });
    }

    private Optional<StoredJob> newestOpenJob(DeviceId device, String module) {
        return store.openJobs(device).stream().filter(job -> firmwareOf(job).module().equals(module)).findFirst();
    }

    private void notify(Session session, StoredJob job, DeviceId device) {
        downlink.send(session, OtaTopics.upgrade(device), notice(job, device).toBytes());
        markNotified(job, device);
    }

    private void markNotified(StoredJob job, DeviceId device) {
        OtaTarget target = target(job, device);
        if (target.state() == OtaTargetState.QUEUED) {
            store.saveTarget(job.id(), new OtaTarget(device, OtaTargetState.NOTIFIED, target.step(), target.desc(),
                    target.reportedVersion()));
        }
    }

    private OtaUpgradeNotice notice(StoredJob job, DeviceId device) {
        FirmwarePackage firmware = firmwareOf(job);
        OtaSignMethod method = OtaSignMethod.parse(job.signMethod());
        String sign = method == OtaSignMethod.MD5 ? firmware.md5() : firmware.sha256();
        return new OtaUpgradeNotice(downlink.nextId(), OtaUpgradeNotice.SUCCESS_CODE, "success", firmware.size(),
                firmware.version(), urls.url(firmware.id(), device), sign, method, firmware.md5(), firmware.module(),
                null);
    }

    private FirmwarePackage firmwareOf(StoredJob job) {
        return store.firmware(job.firmwareId()).orElseThrow(() -> new IllegalStateException(
                "job " + job.id() + " names package " + job.firmwareId() + ", which is gone"));
    }

    private OtaTarget target(StoredJob job, DeviceId device) {
        return store.target(job.id(), device).orElseThrow(() -> new IllegalStateException(
                device + " is no target of job " + job.id()));
    }

    private static String moduleOf(String module) {
        return Objects.requireNonNullElse(module, FirmwarePackage.DEFAULT_MODULE);
    }
}
