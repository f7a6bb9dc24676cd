package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceStateAdmin;
import io.alink.emulator.DeviceView;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.EmulatorLifecycle;
import io.alink.emulator.EmulatorRrpc;
import io.alink.emulator.Limits;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.store.PlatformStore;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.emulator.store.PlatformStore.StoredProduct;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TimedValue;
import io.alink.protocol.TopicKind;
import io.alink.protocol.TopicLevel;
import io.alink.protocol.TopoChangeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link EmulatorAdmin} over the platform: the admin REST API and tests act through this. */
public final class PlatformAdmin implements EmulatorAdmin {
    private final Registry registry;
    private final Sessions sessions;
    private final Downlink downlink;
    private final SessionActions actions;
    private final Limits limits;
    private final PlatformStore store;
    private final DeviceStates deviceStates;
    private final PlatformRrpc rrpc;
    private final PlatformLifecycle lifecycle;

    PlatformAdmin(Registry registry, Sessions sessions, Downlink downlink, SessionActions actions, Limits limits,
                  PlatformStore store, DeviceStates deviceStates, PlatformLifecycle lifecycle) {
        this.registry = registry;
        this.sessions = sessions;
        this.downlink = downlink;
        this.actions = actions;
        this.limits = limits;
        this.store = store;
        this.deviceStates = deviceStates;
        this.rrpc = new PlatformRrpc(downlink, this::carrying);
        this.lifecycle = lifecycle;
    }

    @Override
    public Optional<DeviceStateAdmin> deviceState() {
        return Optional.of(deviceStates);
    }

    @Override
    public List<DeviceView> devices() {
        return registry.devices().stream().map(d -> view(d, Map.of())).toList();
    }

    @Override
    public Optional<DeviceView> device(DeviceId device) {
        return registry.device(device).map(d -> view(d, store.deviceState().tags(d.id())));
    }

    /** A device; its tags only when asked for one device: the list would read them for every device. */
    private DeviceView view(StoredDevice d, Map<String, String> tags) {
        NodeType type = registry.nodeType(d.id());
        List<DeviceView.TopoEntry> topo = type == NodeType.GATEWAY
                ? registry.topo(d.id()).stream().map(sub -> new DeviceView.TopoEntry(sub.productKey(),
                        sub.deviceName(), sessions.isOnline(sub))).toList()
                : List.of();
        return new DeviceView(d.id().productKey(), d.id().deviceName(), type, sessions.isOnline(d.id()),
                d.enabled(), sessions.loggedInVia(d.id()).orElse(null), topo, tags);
    }

    @Override
    public void createProduct(ProductConfig product) {
        registry.createProduct(product);
    }

    @Override
    public void createDevice(String productKey, DeviceConfig device) {
        registry.createDevice(productKey, device);
    }

    @Override
    public void setEnabled(DeviceId device, boolean enabled) {
        // a device being disabled (or its gateway for it) hears the notice while it can
        CompletableFuture<Void> told = enabled ? CompletableFuture.completedFuture(null)
                : lifecycle.notice(device, TopicKind.DISABLE);
        registry.setEnabled(device, enabled);
        Optional<DeviceId> gateway = registry.gatewayOf(device);
        if (enabled) {
            lifecycle.notice(device, TopicKind.ENABLE);
        } else {
            actions.logout(device);
            sessions.byDevice(device).ifPresent(session -> told.thenRun(() -> downlink.disconnect(session)));
        }
        gateway.ifPresent(gw -> actions.notifyTopoChange(gw, enabled ? TopoChangeStatus.ENABLED : TopoChangeStatus.DISABLED,
                List.of(device)));
    }

    @Override
    public void addTopo(DeviceId gateway, DeviceId subDevice) {
        requireKind(gateway, NodeType.GATEWAY);
        requireKind(subDevice, NodeType.SUB_DEVICE);
        if (registry.topoSize(gateway) >= limits.maxSubDevices()) {
            throw new AdminException(409, "the topology of " + gateway + " is full");
        }
        registry.addTopo(gateway, List.of(subDevice)).forEach((sub, previous) -> {
            actions.logout(sub);
            actions.notifyTopoChange(previous, TopoChangeStatus.DELETED, List.of(sub));
        });
        actions.notifyTopoChange(gateway, TopoChangeStatus.CREATED, List.of(subDevice));
    }

    @Override
    public void deleteTopo(DeviceId gateway, DeviceId subDevice) {
        requireKind(gateway, NodeType.GATEWAY);
        if (!registry.gatewayOf(subDevice).map(gateway::equals).orElse(false)) {
            throw new AdminException(404, subDevice + " is not in the topology of " + gateway);
        }
        actions.logout(subDevice);
        registry.deleteTopo(gateway, List.of(subDevice));
        actions.notifyTopoChange(gateway, TopoChangeStatus.DELETED, List.of(subDevice));
    }

    private void requireKind(DeviceId device, NodeType type) {
        registry.requireKind(device, type);
    }

    @Override
    public CompletableFuture<AlinkReply> invokeService(DeviceId device, String identifier, JsonNode params,
                                                       Duration timeout) {
        TopicLevel.IDENTIFIER.problem(identifier).ifPresent(problem -> {
            throw new AdminException(400, "the service identifier " + problem);
        });
        return call(AlinkTopic.of(TopicKind.SERVICE, device, identifier), TopicKind.SERVICE.method(identifier), params, timeout);
    }

    @Override
    public CompletableFuture<AlinkReply> setProperties(DeviceId device, JsonNode params, Duration timeout) {
        return call(AlinkTopic.of(TopicKind.PROPERTY_SET, device), TopicKind.PROPERTY_SET.method(), params, timeout);
    }

    @Override
    public EmulatorRrpc rrpc() {
        return rrpc;
    }

    @Override
    public EmulatorLifecycle lifecycle() {
        return lifecycle;
    }

    private CompletableFuture<AlinkReply> call(AlinkTopic topic, String method, JsonNode params, Duration timeout) {
        if (params == null || !params.isObject()) {
            throw new AdminException(400, "params must be a JSON object");
        }
        return downlink.call(carrying(topic.device()), topic, method, params, timeout);
    }

    private Session carrying(DeviceId device) {
        requireExists(device);
        return sessions.carrying(device)
                .orElseThrow(() -> new AdminException(409, "device " + device + " is offline"));
    }

    @Override
    public Map<String, TimedValue> properties(DeviceId device) {
        requireExists(device);
        return store.properties().latest(device);
    }

    /** Every value of one property the device reported that is still kept, in time order. 404 for an unknown device. */
    public List<TimedValue> propertyValues(DeviceId device, String identifier) {
        requireExists(device);
        return store.properties().values(device, identifier);
    }

    /** Property values of all devices recorded since the emulator started (property/post, pack/post, history/post). */
    public long propertyValuesRecorded() {
        return store.properties().recordedCount();
    }

    private void requireExists(DeviceId device) {
        if (registry.device(device).isEmpty()) {
            throw new AdminException(404, "device " + device + " does not exist");
        }
    }

    @Override
    public List<MessageRecord> messages(DeviceId device, int limit) {
        if (limit <= 0) {
            throw new AdminException(400, "limit must be positive");
        }
        return store.messages(device, limit);
    }

    @Override
    public AlinkReply registerDevice(Map<String, String> form) {
        String pk = form.get("productKey");
        String dn = form.get("deviceName");
        String random = form.get("random");
        String sign = form.get("sign");
        Optional<SignMethod> method = SignMethod.parse(form.get("signMethod"));
        if (!DeviceId.isValidPart(pk) || !DeviceId.isValidPart(dn) || random == null || random.isEmpty()
                || sign == null || method.isEmpty()) {
            return AlinkReply.error("", ReplyCode.REQUEST_PARAMETER_ERROR,
                    "productKey, deviceName, random, sign and signMethod (hmacmd5|hmacsha1|hmacsha256) are required");
        }
        DeviceId id = DeviceId.of(pk, dn);
        Optional<StoredProduct> product = registry.product(pk);
        if (product.isEmpty()) {
            return AlinkReply.error("", ReplyCode.DEVICE_NOT_FOUND, "product " + pk + " not found");
        }
        if (!product.get().dynamicRegistration() || product.get().productSecret() == null) {
            return AlinkReply.error("", ReplyCode.DYNAMIC_REGISTRATION_DISABLED, null);
        }
        if (!Signing.verify(method.get(), product.get().productSecret(), Signing.registrationContent(id, random), sign)) {
            return AlinkReply.error("", ReplyCode.AUTH_ERROR, "sign check failed");
        }
        Optional<StoredDevice> device = registry.device(id);
        if (device.isEmpty()) {
            return AlinkReply.error("", ReplyCode.DEVICE_NOT_FOUND, "device " + id + " is not pre-registered");
        }
        if (device.get().activated()) {
            return AlinkReply.error("", ReplyCode.DEVICE_ALREADY_ACTIVATED, null);
        }
        return AlinkReply.success("", SubDeviceEntries.identity(id).put("deviceSecret", registry.issueSecret(id)));
    }
}
