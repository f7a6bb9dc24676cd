package io.alink.emulator.broker;

/**
 * What the platform logic tells the embedded broker. The broker knows MQTT; the platform knows Alink.
 * Every method is called on a broker thread and must not block for long (a database read is fine).
 */
public interface BrokerHooks {

    /** Decides a CONNECT. Called once per connection attempt, before the CONNACK is sent. */
    ConnectDecision authenticate(ConnectRequest request);

    /** The connection of {@code clientId} is established (CONNACK accepted has been sent or is being sent). */
    void onConnected(String clientId);

    /**
     * The connection of {@code clientId} is gone (DISCONNECT, network loss, keepalive timeout or takeover).
     *
     * @param reason which of those, in words
     */
    void onDisconnected(String clientId, String reason);

    /** May {@code clientId} subscribe to {@code topicFilter}? false gives SUBACK failure 0x80. */
    boolean maySubscribe(String clientId, String topicFilter);

    /** May {@code clientId} publish to {@code topic}? false drops the message (QoS 1 is still acknowledged). */
    boolean mayPublish(String clientId, String topic);

    /**
     * An authorized inbound PUBLISH. Messages of one client arrive in the order it sent them, the next one only after
     * the {@linkplain PublishAnswer#delivered delivery decision} of the previous completed, not its commit: for QoS 1
     * the PUBACK alone waits for {@linkplain PublishAnswer#durable the commit}, so what the platform persists survives
     * a crash right after the PUBACK while the client's next messages are taken meanwhile (and committed with it).
     * A failed answer leaves the message unacknowledged. For QoS 0, which nothing acknowledges, the answer may be
     * durable before what it persists is committed, so that routing does not wait for the commit.
     */
    PublishAnswer onPublish(String clientId, String topic, byte[] payload, int qos);
}
