package io.alink.emulator.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/** Mistakes in the settings that HiveMQ would tolerate or explain badly, caught before starting it. */
final class StartChecks {

    private StartChecks() {
    }

    static void check(BrokerSettings settings) {
        if (settings.hasTls()) {
            requireUsableKeystore(settings);
        }
        requireFreePort(settings.host(), settings.port());
        if (settings.hasTls()) {
            requireFreePort(settings.host(), settings.tlsPort());
        }
    }

    /** HiveMQ only logs a listener that cannot bind, and starts anyway if another one could. */
    private static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** HiveMQ refuses to start with an unusable keystore too, but says no more than "UnrecoverableException". */
    private static void requireUsableKeystore(BrokerSettings settings) {
        char[] password = settings.tlsKeystorePassword().toCharArray();
        try {
            KeyStore keystore = KeyStore.getInstance(settings.tlsKeystore().toFile(), password);
            for (String alias : Collections.list(keystore.aliases())) {
                if (keystore.isKeyEntry(alias) && keystore.getKey(alias, password) != null) {
                    return;
                }
            }
            throw new IllegalArgumentException("no private key in " + settings.tlsKeystore());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the keystore " + settings.tlsKeystore() + ": "
                    + e.getMessage(), e);
        }
    }
}
