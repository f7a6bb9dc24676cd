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

    CompletionStage<ServiceReply> handle(ServiceCall call);

    /** A handler that answers on the spot. */
    static ServiceHandler sync(Function<ServiceCall, ServiceReply> answer) {
        return call -> CompletableFuture.completedFuture(answer.apply(call));
    }
}
