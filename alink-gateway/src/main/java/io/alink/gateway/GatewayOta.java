package io.alink.gateway;

import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import io.alink.protocol.ota.FirmwareGetRequest;
import io.alink.protocol.ota.OtaFailure;
import io.alink.protocol.ota.OtaInform;
import io.alink.protocol.ota.OtaProgress;
import io.alink.protocol.ota.OtaTopics;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware updates over the air (OTA) for the gateway and its logged-in sub-devices, on the gateway's connection:
 * report the running version ({@code /ota/device/inform}), receive the platform's upgrade notices
 * ({@code /ota/device/upgrade}), ask for pending firmware ({@code thing/ota/firmware/get}) and report an upgrade's
 * progress ({@code /ota/device/progress}). Reached by {@link GatewayClient#ota()}; {@link FirmwareDownload} fetches
 * and verifies the file a notice names.
 *
 * <p>Informs and progress reports get no reply from the platform: their futures complete when the platform
 * acknowledged the message (QoS 1). The platform counts an upgrade as successful only once the device informs the
 * new version. Bad input is refused before sending with an {@link InvalidRequestException}, thrown at once.
 *
 * <p>The gateway's own upgrade topic is subscribed with its system topics. A sub-device's is subscribed after its
 * login once a handler is set ({@link #onUpgradeNotice}), so a gateway that does no OTA spends nothing on them.
 */
public final class GatewayOta {

    private static final Logger log = LoggerFactory.getLogger(GatewayOta.class);
    private static final int QOS = 1;

    /** Runs a public operation as the client runs all of them: refused once closed, answered on the callbacks. */
    interface Operations {
        <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> operation);
    }

    private final Namespaces namespaces;
    private final SubDeviceUplinks uplinks;
    private final Requests requests;
    private final Subscriptions subscriptions;
    private final ClientThreads threads;
    private final Operations operations;
    private final Supplier<Set<DeviceId>> loggedIn;
    /** Notices in the order they arrived, one at a time. */
    private final Executor notices;
    private volatile UpgradeNoticeHandler handler;

    GatewayOta(Namespaces namespaces, SubDeviceUplinks uplinks, Requests requests, Subscriptions subscriptions,
               ClientThreads threads, Operations operations, Supplier<Set<DeviceId>> loggedIn) {
        this.namespaces = namespaces;
        this.uplinks = uplinks;
        this.requests = requests;
        this.subscriptions = subscriptions;
        this.threads = threads;
        this.operations = operations;
        this.loggedIn = loggedIn;
        this.notices = new SerialExecutor(threads.callbacks());
    }

    /**
     * Reports the version the default module of {@code device} runs.
     *
     * @param device  the gateway or a logged-in sub-device
     * @param version the running version, 1 to 64 characters
     * @return completes when the platform acknowledged the message
     * @throws InvalidRequestException for a device that is neither, or a bad version
     */
    public CompletableFuture<Void> inform(DeviceId device, String version) {
        return inform(device, version, null);
    }

    /**
     * Reports the version one module of {@code device} runs.
     *
     * @param device  the gateway or a logged-in sub-device
     * @param version the running version, 1 to 64 characters
     * @param module  the module, or null for the default module
     * @return completes when the platform acknowledged the message
     * @throws InvalidRequestException for a device that is neither, or a bad version or module name
     */
    public CompletableFuture<Void> inform(DeviceId device, String version, String module) {
        namespaces.requireOwn(device);
        byte[] payload = checked(() -> new OtaInform(requests.nextId(), version, module).toBytes());
        return send(device, OtaTopics.inform(device), payload, "version inform of " + device);
    }

    /**
     * Reports the progress of an upgrade of the default module of {@code device}.
     *
     * @param device the gateway or a logged-in sub-device
     * @param step   1 to 100 (percent done), or a failure: -1 upgrade failed, -2 download failed, -3 verification
     *               failed, -4 flash failed
     * @param desc   what to show with the step; may be null
     * @return completes when the platform acknowledged the message
     * @throws InvalidRequestException for a device that is neither, or a step out of range
     */
    public CompletableFuture<Void> reportProgress(DeviceId device, int step, String desc) {
        return reportProgress(device, step, desc, null);
    }

    /**
     * Reports the progress of an upgrade of one module of {@code device}.
     *
     * @param device the gateway or a logged-in sub-device
     * @param step   1 to 100 (percent done), or a failure: -1 upgrade failed, -2 download failed, -3 verification
     *               failed, -4 flash failed
     * @param desc   what to show with the step; may be null
     * @param module the module, or null for the default module
     * @return completes when the platform acknowledged the message
     * @throws InvalidRequestException for a device that is neither, a step out of range, or a bad module name
     */
    public CompletableFuture<Void> reportProgress(DeviceId device, int step, String desc, String module) {
        if (!(step >= 1 && step <= OtaProgress.DONE) && OtaFailure.ofStep(step).isEmpty()) {
            throw new InvalidRequestException("step must be 1 to 100, or -1 (upgrade failed), -2 (download failed),"
                    + " -3 (verification failed) or -4 (flash failed); was " + step);
        }
        namespaces.requireOwn(device);
        byte[] payload = checked(() -> new OtaProgress(requests.nextId(), step, desc, module).toBytes());
        return send(device, OtaTopics.progress(device), payload, "progress report of " + device);
    }

    /**
     * Asks the platform for firmware pending for the default module of {@code device}.
     *
     * @param device the gateway or a logged-in sub-device
     * @return completes with the pending firmware, empty when there is none
     * @throws InvalidRequestException for a device that is neither
     */
    public CompletableFuture<Optional<OtaUpgradeNotice>> requestFirmware(DeviceId device) {
        return requestFirmware(device, null);
    }

    /**
     * Asks the platform for firmware pending for one module of {@code device} ({@code thing/ota/firmware/get}).
     *
     * @param device the gateway or a logged-in sub-device
     * @param module the module, or null for the default module
     * @return completes with the pending firmware, empty when there is none; fails with an
     *         {@link AlinkReplyException} when the platform refuses, a {@link GatewayException} when its answer is
     *         malformed
     * @throws InvalidRequestException for a device that is neither, or a bad module name
     */
    public CompletableFuture<Optional<OtaUpgradeNotice>> requestFirmware(DeviceId device, String module) {
        namespaces.requireOwn(device);
        AlinkRequest envelope = checked(() -> new FirmwareGetRequest("", module).toRequest());
        String what = "firmware request of " + device;
        Requests.Outgoing request = requests.prepare(AlinkTopic.of(TopicKind.OTA_FIRMWARE_GET, device),
                envelope.method(), envelope.params());
        return operations.start(() -> requests.send(request, what).thenApply(reply -> {
            try {
                return OtaUpgradeNotice.fromFirmwareGetReply(reply);
            } catch (AlinkFormatException e) {
                throw new GatewayException("the platform's answer to the " + what + " is malformed: "
                        + e.getMessage(), e);
            }
        }));
    }

    /**
     * Hands the platform's upgrade notices for the gateway and its sub-devices to {@code handler}. Set it before
     * logging sub-devices in: a sub-device's upgrade topic is subscribed at its login (those logged in already are
     * subscribed now).
     *
     * @param handler the one handler; a later call replaces it
     * @throws InvalidRequestException when {@code handler} is missing
     */
    public void onUpgradeNotice(UpgradeNoticeHandler handler) {
        if (handler == null) {
            throw new InvalidRequestException("handler is missing");
        }
        boolean first = this.handler == null;
        this.handler = handler;
        if (first) {
            subscriptions.forEachSubDevice(OtaTopics::upgrade, QOS, loggedIn.get());
        }
    }

    /** A message on an upgrade topic, on the inbound thread. @throws AlinkFormatException for a malformed one */
    void onNotice(AlinkTopic topic, byte[] payload) {
        OtaUpgradeNotice notice = OtaUpgradeNotice.parse(payload);
        UpgradeNoticeHandler current = handler;
        if (current == null) {
            log.info("Upgrade notice of {} to version {} ignored: no handler (GatewayClient.ota().onUpgradeNotice)",
                    topic.device(), notice.version());
            return;
        }
        notices.execute(() -> {
            try {
                current.onUpgradeNotice(topic.device(), notice);
            } catch (RuntimeException e) {
                log.warn("The upgrade notice handler failed on {} of {}", notice.version(), topic.device(), e);
            }
        });
    }

    private CompletableFuture<Void> send(DeviceId device, String topic, byte[] payload, String what) {
        Validation.payload(payload);
        return operations.start(() -> threads.withTimeout(uplinks.send(device, topic, payload, QOS), what));
    }

    /** The protocol's check of a value, as bad input. */
    private static <T> T checked(Supplier<T> build) {
        try {
            return build.get();
        } catch (AlinkFormatException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
