package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * Handles one kind of device-to-cloud request. Returns the reply's {@code data} (success), or throws
 * {@link RequestRefused} for an error reply. The stage lets a handler finish work (server-side subscriptions) before
 * its reply leaves.
 */
interface RequestHandler {
    CompletionStage<JsonNode> handle(Request request);
}
