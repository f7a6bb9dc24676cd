package io.alink.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback, for simulators whose libraries need the port before they bind it. */
final class LoopbackPorts {

    /** Tries to bind a free port: another process may take the port between finding it and binding it. */
    static final int BIND_ATTEMPTS = 3;

    private LoopbackPorts() {
    }

    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
