package io.alink.emulator.broker;

import java.util.Arrays;

/** The fields of a CONNECT that authentication needs. The password never appears in {@link #toString()}. */
public record ConnectRequest(String clientId, String username, byte[] password, int keepAliveSeconds,
                             boolean cleanSession, int protocolLevel) {

    public ConnectRequest {
        password = password == null ? new byte[0] : password.clone();
    }

    @Override
    public byte[] password() {
        return password.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectRequest other && clientId.equals(other.clientId)
                && java.util.Objects.equals(username, other.username) && Arrays.equals(password, other.password)
                && keepAliveSeconds == other.keepAliveSeconds && cleanSession == other.cleanSession
                && protocolLevel == other.protocolLevel;
    }

    @Override
    public int hashCode() {
        return clientId.hashCode();
    }

    @Override
    public String toString() {
        return "ConnectRequest[clientId=" + clientId + ", username=" + username + ", keepAlive=" + keepAliveSeconds
                + ", cleanSession=" + cleanSession + ", protocolLevel=" + protocolLevel + "]";
    }
}
