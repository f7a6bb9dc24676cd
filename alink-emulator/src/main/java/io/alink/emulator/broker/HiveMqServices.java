package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.services.admin.AdminService;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionStore;

/** The HiveMQ services of one running broker. */
record HiveMqServices(SubscriptionStore subscriptions, PublishService publishing, ClientService clients,
                      AdminService admin) {
}
