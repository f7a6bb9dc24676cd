package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.emulator.store.PlatformStore.StoredProduct;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.TopicKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link EmulatorAdmin} over the platform: the admin REST API and tests act through this. */
public final class PlatformAdmin implements EmulatorAdmin {
    private final Platform platform;

    PlatformAdmin(Platform platform) {
        this.platform = platform;
    }

    @Override
    public List<DeviceView> devices() {
        return platform.registry().devices().stream().map(this::view).toList();
    }

    @Override
    public Optional<DeviceView> device(DeviceId device) {
        return platform.registry().device(device).map(this::view);
    }

    private DeviceView view(StoredDevice d) {
        NodeType type = platform.registry().nodeType(d.id());
        List<DeviceView.TopoEntry> topo = type == NodeType.GATEWAY
                ? platform.registry().topo(d.id()).stream().map(sub -> new DeviceView.TopoEntry(sub.productKey(),
                        sub.deviceName(), platform.sessions().isOnline(sub))).toList()
                : List.of();
        return new DeviceView(d.id().productKey(), d.id().deviceName(), type, platform.sessions().isOnline(d.id()),
                d.enabled(), platform.sessions().loggedInVia(d.id()).orElse(null), topo);
    }

    @Override
    public void createProduct(ProductConfig product) {
        platform.registry().createProduct(product);
    }

    @Override
    public void createDevice(String productKey, DeviceConfig device) {
        platform.registry().createDevice(productKey, device);
    }

    @Override
    public void setEnabled(DeviceId device, boolean enabled) {
        platform.registry().setEnabled(device, enabled);
        Optional<DeviceId> gateway = platform.registry().gatewayOf(device);
        if (!enabled) {
            platform.logout(device);
            platform.sessions().byDevice(device).ifPresent(session -> platform.downlink().disconnect(session));
        }
        gateway.ifPresent(gw -> platform.notifyTopoChange(gw, enabled ? Platform.TOPO_ENABLED : Platform.TOPO_DISABLED,
                List.of(device)));
    }

    @Override
    public void addTopo(DeviceId gateway, DeviceId subDevice) {
        requireKind(gateway, NodeType.GATEWAY);
        requireKind(subDevice, NodeType.SUB_DEVICE);
        if (platform.registry().topoSize(gateway) >= platform.limits().maxSubDevices()) {
            throw new AdminException(409, "the topology of " + gateway + " is full");
        }
        platform.registry().addTopo(gateway, List.of(subDevice)).forEach((sub, previous) -> {
            platform.logout(sub);
            platform.notifyTopoChange(previous, Platform.TOPO_DELETED, List.of(sub));
        });
        platform.notifyTopoChange(gateway, Platform.TOPO_CREATED, List.of(subDevice));
    }

    @Override
    public void deleteTopo(DeviceId gateway, DeviceId subDevice) {
        requireKind(gateway, NodeType.GATEWAY);
        if (!platform.registry().gatewayOf(subDevice).map(gateway::equals).orElse(false)) {
            throw new AdminException(404, subDevice + " is not in the topology of " + gateway);
        }
        platform.logout(subDevice);
        platform.registry().deleteTopo(gateway, List.of(subDevice));
        platform.notifyTopoChange(gateway, Platform.TOPO_DELETED, List.of(subDevice));
    }

    private void requireKind(DeviceId device, NodeType type) {
        if (platform.registry().device(device).isEmpty()) {
            throw new AdminException(404, "device " + device + " does not exist");
        }
        if (platform.registry().nodeType(device) != type) {
            throw new AdminException(400, device + " is not a " + type);
        }
    }

    @Override
    public CompletableFuture<AlinkReply> invokeService(DeviceId device, String identifier, JsonNode params,
                                                       Duration timeout) {
        io.alink.protocol.TopicLevel.IDENTIFIER.problem(identifier).ifPresent(problem -> {
            throw new AdminException(400, "the service identifier " + problem);
        });
        return call(AlinkTopic.of(TopicKind.SERVICE, device, identifier), "thing.service." + identifier, params, timeout);
    }

    @Override
    public CompletableFuture<AlinkReply> setProperties(DeviceId device, JsonNode params, Duration timeout) {
        return call(AlinkTopic.of(TopicKind.PROPERTY_SET, device), "thing.service.property.set", params, timeout);
    }

    /** Classic RRPC: sends opaque bytes and completes with the device's response bytes. */
    public CompletableFuture<byte[]> rrpc(DeviceId device, byte[] payload, Duration timeout) {
        return platform.downlink().rrpc(carrying(device), device, payload, timeout);
    }

    private CompletableFuture<AlinkReply> call(AlinkTopic topic, String method, JsonNode params, Duration timeout) {
        if (params == null || !params.isObject()) {
            throw new AdminException(400, "params must be a JSON object");
        }
        return platform.downlink().call(carrying(topic.device()), topic, method, params, timeout);
    }

    private Session carrying(DeviceId device) {
        if (platform.registry().device(device).isEmpty()) {
            throw new AdminException(404, "device " + device + " does not exist");
        }
        return platform.sessions().carrying(device)
                .orElseThrow(() -> new AdminException(409, "device " + device + " is offline"));
    }

    @Override
    public List<MessageRecord> messages(DeviceId device, int limit) {
        if (limit <= 0) {
            throw new AdminException(400, "limit must be positive");
        }
        return platform.store().messages(device, limit);
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
        Optional<StoredProduct> product = platform.registry().product(pk);
        if (product.isEmpty()) {
            return AlinkReply.error("", ReplyCode.DEVICE_NOT_FOUND, "product " + pk + " not found");
        }
        if (!product.get().dynamicRegistration() || product.get().productSecret() == null) {
            return AlinkReply.error("", ReplyCode.DYNAMIC_REGISTRATION_DISABLED, null);
        }
        if (!Signing.verify(method.get(), product.get().productSecret(), Signing.registrationContent(id, random), sign)) {
            return AlinkReply.error("", ReplyCode.AUTH_ERROR, "sign check failed");
        }
        Optional<StoredDevice> device = platform.registry().device(id);
        if (device.isEmpty()) {
            return AlinkReply.error("", ReplyCode.DEVICE_NOT_FOUND, "device " + id + " is not pre-registered");
        }
        if (device.get().activated()) {
            return AlinkReply.error("", ReplyCode.DEVICE_ALREADY_ACTIVATED, null);
        }
        ObjectNode data = Platform.deviceJson(id);
        data.put("deviceSecret", platform.registry().issueSecret(id));
        return AlinkReply.success("", data);
    }
}
