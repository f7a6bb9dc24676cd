package io.alink.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Answers cloud-to-device service calls and property sets. Runs on the client's callback executor, one task per
 * call, so a slow answer holds up no other call. The reply is sent when the returned stage completes; a failed stage
 * is answered with code 500, or with the code of an {@link AlinkReplyException}.
 */
@FunctionalInterface
public interface ServiceHandler {

    /**
     * Answers one call.
     *
     * @param call the call, with its device, identifier and params
     * @return completes with the reply to send
     */
    CompletionStage<ServiceReply> handle(ServiceCall call);

    /**
     * A handler that answers on the spot.
     *
     * @param answer computes the reply; what it throws is answered with code 500
     * @return the handler
     */
    static ServiceHandler sync(Function<ServiceCall, ServiceReply> answer) {
        return call -> CompletableFuture.completedFuture(answer.apply(call));
    }
}
