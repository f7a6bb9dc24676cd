package io.alink.gateway;

import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.TopicKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the transport's events go, on the inbound thread: a platform message to the handler of its topic kind (a
 * {@code _reply} to the replies' handler), every message also to the application's subscriptions, and the
 * connection's ups and downs to the connection handler. Routes are set up before the client connects.
 */
final class InboundRouter implements Transport.Listener {

    private static final Logger log = LoggerFactory.getLogger(InboundRouter.class);

    /** Handles a message of a platform topic; quick, and never blocking: it runs on the inbound thread. */
    interface Handler {
        void handle(AlinkTopic topic, byte[] payload);
    }

    /** The application's subscriptions, matched by topic filter. */
    interface Subscribers {
        void deliver(String topic, byte[] payload, int qos);
    }

    /** What a lost or regained connection means for the client. */
    interface ConnectionHandler {
        void connected(boolean reconnect);

        void disconnected(Throwable cause);
    }

    private final Map<TopicKind, Handler> requests = new ConcurrentHashMap<>();
    private volatile Handler replies = (topic, payload) -> {
    };
    private volatile Subscribers application = (topic, payload, qos) -> {
    };
    private volatile ConnectionHandler connection;

    /** Messages on topics of {@code kind} (not its replies). */
    InboundRouter route(TopicKind kind, Handler handler) {
        requests.put(kind, handler);
        return this;
    }

    /** Messages on every {@code _reply} topic. */
    InboundRouter replies(Handler handler) {
        this.replies = handler;
        return this;
    }

    /** Every message, platform topic or not, for the application's subscriptions. */
    InboundRouter application(Subscribers subscriptions) {
        this.application = subscriptions;
        return this;
    }

    InboundRouter connection(ConnectionHandler handler) {
        this.connection = handler;
        return this;
    }

    @Override
    public void message(String topic, byte[] payload, int qos) {
        AlinkTopic.parse(topic).ifPresent(parsed -> {
            Handler handler = parsed.reply() ? replies : requests.get(parsed.kind());
            if (handler == null) {
                // other platform topics are not the gateway's business
                return;
            }
            try {
                handler.handle(parsed, payload);
            } catch (AlinkFormatException e) {
                // the parser's reason may quote the payload, which may hold secrets
                log.warn("Ignored a malformed message on {}", topic);
            }
        });
        application.deliver(topic, payload, qos);
    }

    @Override
    public void connected(boolean reconnect) {
        connection.connected(reconnect);
    }

    @Override
    public void disconnected(Throwable cause) {
        connection.disconnected(cause);
    }
}
