package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import java.util.Objects;

/**
 * Plugs the platform into HiveMQ. HiveMQ starts it before opening its listeners, so no client slips past it.
 *
 * <p>The services are captured here because {@link Services} is a JVM-wide static that the next broker started in
 * this JVM would overwrite.
 */
final class PlatformExtension implements ExtensionMain {

    /** The platform has no last-will messages, and a will would reach subscribers without passing the platform. */
    private static final ConnectInboundInterceptor WILL_REMOVER = (input, output) -> {
        if (input.getConnectPacket().getWillPublish().isPresent()) {
            output.getConnectPacket().setWillPublish(null);
        }
    };

    /** HiveMQ's max-qos caps what it delivers, yet it would still grant QoS 2 in the SUBACK. */
    private static final SubscribeInboundInterceptor QOS_2_DOWNGRADE = (input, output) ->
            output.getSubscribePacket().getSubscriptions().stream()
                    .filter(subscription -> subscription.getQos() == Qos.EXACTLY_ONCE)
                    .forEach(subscription -> subscription.setQos(Qos.AT_LEAST_ONCE));

    private final BrokerHooks hooks;
    private final Connections connections;
    private volatile HiveMqServices services;

    PlatformExtension(BrokerHooks hooks, Connections connections) {
        this.hooks = hooks;
        this.connections = connections;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        DeviceAuthenticator authenticator = new DeviceAuthenticator(hooks);
        SubscribeAuthorizer subscribeAuthorizer = new SubscribeAuthorizer(hooks);
        ClientService clients = Services.clientService();
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> subscribeAuthorizer);
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> WILL_REMOVER);
        Services.initializerRegistry().setClientInitializer((initializerInput, client) -> {
            client.addSubscribeInboundInterceptor(QOS_2_DOWNGRADE);
            DurablePubacks pubacks = new DurablePubacks(clients);
            client.addPublishInboundInterceptor(new InboundPublishes(hooks, pubacks));
            client.addPubackOutboundInterceptor(pubacks);
            connections.initialized(initializerInput.getClientInformation().getClientId(),
                    initializerInput.getConnectionInformation().getConnectionAttributeStore(), client);
        });
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> connections);
        services = new HiveMqServices(Services.subscriptionStore(), Services.publishService(), clients,
                Services.adminService());
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // HiveMQ drops the registrations itself
    }

    HiveMqServices services() {
        return Objects.requireNonNull(services, "HiveMQ has not started the platform extension");
    }
}
