package io.alink.gateway;

import java.util.concurrent.CompletionStage;

/**
 * Answers revert-RPC requests (classic and custom). Runs on the client's callback executor, one task per request.
 * The answer is sent when the returned stage completes, if that is before the request's deadline; a failed stage
 * sends nothing (RRPC has no error format: the cloud sees a timeout).
 */
@FunctionalInterface
public interface RrpcHandler {

    /**
     * Answers one request.
     *
     * @param request the request, with its device, payload and deadline
     * @return completes with the answer's bytes
     */
    CompletionStage<byte[]> answer(RrpcRequest request);
}
