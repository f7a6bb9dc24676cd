package io.alink.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.EmulatorAdmin;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.http.Routes;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.ReplyCode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /auth/register/device}, shaped like the platform's iot-auth endpoint: a form-encoded request and,
 * whatever happens, HTTP 200 with the outcome in the JSON body's {@code code}, because that is where device SDKs
 * look for it.
 */
final class RegistrationRoute {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationRoute.class);

    private final EmulatorAdmin admin;

    RegistrationRoute(EmulatorAdmin admin) {
        this.admin = admin;
    }

    void register(Routes routes) {
        routes.add("POST", "/auth/register/device", this::handle);
    }

    private void handle(HttpCall call) {
        Map<String, String> form;
        try {
            form = call.form();
        } catch (HttpError e) {
            // not a form, or too large for one: the platform answers those, too, with 200 and code 460
            call.json(200, reply(AlinkReply.error("", ReplyCode.REQUEST_PARAMETER_ERROR, e.getMessage())));
            return;
        }
        AlinkReply outcome;
        try {
            outcome = admin.registerDevice(form);
        } catch (RuntimeException e) {
            LOG.warn("Dynamic registration failed inside the emulator", e);
            outcome = AlinkReply.error("", ReplyCode.SERVER_ERROR, ReplyCode.defaultMessage(ReplyCode.SERVER_ERROR));
        }
        call.json(200, reply(outcome));
    }

    /** {@code {code, data, message}}: no envelope id, and no data on a refusal that has none, like the platform. */
    static ObjectNode reply(AlinkReply outcome) {
        ObjectNode body = AlinkJson.object();
        body.put("code", outcome.code());
        if (outcome.isSuccess() || !outcome.data().isEmpty()) {
            body.set("data", outcome.data());
        }
        body.put("message", outcome.message());
        return body;
    }
}
