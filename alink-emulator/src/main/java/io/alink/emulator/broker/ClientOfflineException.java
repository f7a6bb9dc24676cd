package io.alink.emulator.broker;

/** A message could not reach a client because it is not connected and has no session that would keep it. */
public final class ClientOfflineException extends RuntimeException {

    public ClientOfflineException(String clientId) {
        super("client " + clientId + " is offline");
    }
}
