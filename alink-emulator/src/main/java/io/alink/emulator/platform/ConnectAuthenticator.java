package io.alink.emulator.platform;

import io.alink.emulator.NodeType;
import io.alink.emulator.broker.ConnectDecision;
import io.alink.emulator.broker.ConnectDecision.Refusal;
import io.alink.emulator.broker.ConnectRequest;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.emulator.store.PlatformStore.StoredProduct;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttClientId;
import io.alink.protocol.MqttCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Decides a CONNECT the way the platform does: a device signing with its secret, a dynamic registration
 * ({@code authType=register} or {@code regnwl}, signed with the productSecret), or a preregistration-free device
 * presenting its token ({@code authType=connwl}).
 */
final class ConnectAuthenticator {
    static final int MIN_KEEPALIVE_SECONDS = 30;
    static final int MAX_KEEPALIVE_SECONDS = 1200;

    private final Registry registry;
    private final Sessions sessions;
    private final int loginsPerSecond;

    ConnectAuthenticator(Registry registry, Sessions sessions, int loginsPerSecond) {
        this.registry = registry;
        this.sessions = sessions;
        this.loginsPerSecond = loginsPerSecond;
    }

    ConnectDecision authenticate(ConnectRequest connect) {
        MqttClientId clientId = MqttClientId.parse(connect.clientId());
        Optional<DeviceId> named = MqttCredentials.parseUsername(connect.username());
        if (named.isEmpty()) {
            return ConnectDecision.refuse(Refusal.BAD_USERNAME_OR_PASSWORD, "username is not deviceName&productKey");
        }
        DeviceId device = named.get();
        String password = new String(connect.password(), StandardCharsets.UTF_8);
        String authType = clientId.options().getOrDefault(MqttClientId.AUTH_TYPE, "");
        return switch (authType) {
            case "register", "regnwl" -> registration(connect, clientId, device, password, authType);
            case "connwl" -> withToken(connect, device, password);
            default -> withSecret(connect, clientId, device, password);
        };
    }

    private ConnectDecision withSecret(ConnectRequest connect, MqttClientId clientId, DeviceId device, String password) {
        Optional<ConnectDecision> keepAlive = checkKeepAlive(connect);
        if (keepAlive.isPresent()) {
            return keepAlive.get();
        }
        Optional<StoredDevice> stored = registry.device(device);
        NodeType type = registry.nodeType(device);
        if (stored.isEmpty() || type == null) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, "unknown device " + device);
        }
        if (!stored.get().enabled()) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, "device " + device + " is disabled");
        }
        if (type == NodeType.SUB_DEVICE) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, device + " is a sub-device: it connects through a gateway");
        }
        if (stored.get().deviceSecret() == null) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, device + " has no secret yet: register it first");
        }
        if (!MqttCredentials.verifyDevicePassword(clientId, device, stored.get().deviceSecret(), password)) {
            return ConnectDecision.refuse(Refusal.BAD_USERNAME_OR_PASSWORD, "bad sign for " + device);
        }
        return accept(connect, device, Session.Purpose.DEVICE);
    }

    private ConnectDecision withToken(ConnectRequest connect, DeviceId device, String password) {
        Optional<ConnectDecision> keepAlive = checkKeepAlive(connect);
        if (keepAlive.isPresent()) {
            return keepAlive.get();
        }
        Optional<StoredDevice> stored = registry.device(device);
        if (stored.isEmpty() || stored.get().deviceToken() == null) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, "no token was issued to " + device);
        }
        if (!stored.get().enabled()) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, "device " + device + " is disabled");
        }
        if (!MessageDigest.isEqual(stored.get().deviceToken().getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8))) {
            return ConnectDecision.refuse(Refusal.BAD_USERNAME_OR_PASSWORD, "bad token for " + device);
        }
        return accept(connect, device, Session.Purpose.DEVICE);
    }

    /** Registration connections skip the keepalive check: the platform closes them right after the push. */
    private ConnectDecision registration(ConnectRequest connect, MqttClientId clientId, DeviceId device, String password,
                                         String authType) {
        Optional<StoredProduct> product = registry.product(device.productKey());
        if (product.isEmpty() || product.get().productSecret() == null) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, "unknown product " + device.productKey());
        }
        if (!product.get().dynamicRegistration()) {
            return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, "dynamic registration is off for " + device.productKey());
        }
        if (!MqttCredentials.verifyRegistrationPassword(clientId, device, product.get().productSecret(), password)) {
            return ConnectDecision.refuse(Refusal.BAD_USERNAME_OR_PASSWORD, "bad registration sign for " + device);
        }
        boolean preRegistrationFree = authType.equals("regnwl");
        Optional<StoredDevice> stored = registry.device(device);
        if (!preRegistrationFree) {
            if (stored.isEmpty()) {
                return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, device + " is not pre-registered");
            }
            if (stored.get().activated()) {
                return ConnectDecision.refuse(Refusal.NOT_AUTHORIZED, device + " is already activated");
            }
        }
        return accept(connect, device, preRegistrationFree ? Session.Purpose.REGNWL : Session.Purpose.REGISTER);
    }

    private ConnectDecision accept(ConnectRequest connect, DeviceId device, Session.Purpose purpose) {
        sessions.authenticated(new Session(connect.clientId(), device, purpose, loginsPerSecond));
        return ConnectDecision.accept();
    }

    private static Optional<ConnectDecision> checkKeepAlive(ConnectRequest connect) {
        int k = connect.keepAliveSeconds();
        if (k < MIN_KEEPALIVE_SECONDS || k > MAX_KEEPALIVE_SECONDS) {
            return Optional.of(ConnectDecision.refuse(Refusal.SERVER_UNAVAILABLE,
                    "keepalive " + k + " s is outside " + MIN_KEEPALIVE_SECONDS + "-" + MAX_KEEPALIVE_SECONDS + " s"));
        }
        return Optional.empty();
    }
}
