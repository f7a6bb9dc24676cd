package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lets the platform decide each filter of a SUBSCRIBE; a refused filter gets SUBACK 0x80, the others proceed. */
final class SubscribeAuthorizer implements SubscriptionAuthorizer {

    private static final Logger log = LoggerFactory.getLogger(SubscribeAuthorizer.class);

    private final BrokerHooks hooks;

    SubscribeAuthorizer(BrokerHooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String topicFilter = input.getSubscription().getTopicFilter();
        if (maySubscribe(clientId, topicFilter)) {
            output.authorizeSuccessfully();
        } else {
            output.failAuthorization();
        }
    }

    private boolean maySubscribe(String clientId, String topicFilter) {
        try {
            return hooks.maySubscribe(clientId, topicFilter);
        } catch (RuntimeException e) {
            log.warn("Platform failed to authorize {} subscribing to {}", clientId, topicFilter, e);
            return false;
        }
    }
}
