package io.alink.emulator.broker;

/** Renders the HiveMQ config.xml for {@link BrokerSettings}. */
final class HiveMqConfig {

    private HiveMqConfig() {
    }

    static String render(BrokerSettings settings) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                %s  </listeners>
                  <mqtt>
                    <quality-of-service>
                      <!-- the platform has no QoS 2 -->
                      <max-qos>1</max-qos>
                    </quality-of-service>
                    <packets>
                      <max-packet-size>%d</max-packet-size>
                    </packets>
                  </mqtt>
                  <security>
                    <!-- a device is identified by its client id; HiveMQ must not invent one -->
                    <allow-empty-client-id>
                      <enabled>false</enabled>
                    </allow-empty-client-id>
                  </security>
                  <persistence>
                    <mode>in-memory</mode>
                  </persistence>
                  <!-- this machine talks to loopback only -->
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(settings.port(), xml(settings.host()), tlsListener(settings),
                settings.maxPacketBytes());
    }

    private static String tlsListener(BrokerSettings settings) {
        if (!settings.hasTls()) {
            return "";
        }
        String password = xml(settings.tlsKeystorePassword());
        return """
                    <tls-tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                      <tls>
                        <keystore>
                          <path>%s</path>
                          <password>%s</password>
                          <private-key-password>%s</private-key-password>
                        </keystore>
                        <client-authentication-mode>NONE</client-authentication-mode>
                      </tls>
                    </tls-tcp-listener>
                """.formatted(settings.tlsPort(), xml(settings.host()),
                xml(settings.tlsKeystore().toAbsolutePath().toString()), password, password);
    }

    private static String xml(String text) {
        if (text.contains("${")) {
            // HiveMQ would replace it with an environment variable, or refuse to start if there is none
            throw new IllegalArgumentException("'${' is not allowed in the host, keystore path or keystore password");
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
