package io.alink.http;

import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's handler for every request: resolves the route (404 and 405 at once), reads the body without a thread, runs
 * the route and answers whatever it throws. Requests Jetty cannot parse never get here: {@link JsonErrorHandler}
 * answers them.
 */
final class Dispatcher extends Handler.Abstract {

    private static final String UNMATCHED = "unmatched";

    private final Routes routes;
    private final ApiServer.Settings settings;

    Dispatcher(Routes routes, ApiServer.Settings settings) {
        this.routes = routes;
        this.settings = settings;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Routes.Resolution resolution;
        try {
            resolution = routes.resolve(method, path);
        } catch (HttpError e) {
            new HttpCall(request, response, callback, settings, UNMATCHED, Map.of(), settings.bodyLimit())
                    .error(e.status(), e.getMessage());
            return true;
        }
        Routes.Route route = resolution.route();
        HttpCall call = new HttpCall(request, response, callback, settings,
                route == null ? UNMATCHED : route.template(), resolution.variables(),
                route == null || route.bodyLimit() == null ? settings.bodyLimit() : route.bodyLimit());
        BearerToken token = settings.bearerToken();
        if (token != null && !token.admits(route == null ? null : route.template(),
                request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            // before the body: a client without the token gets no more of the server than this answer
            call.challenge("Bearer");
            call.error(401, "this API needs the header 'Authorization: Bearer <token>' with the server's token");
        } else if (route == null && resolution.allowed().isEmpty()) {
            call.error(404, "no such route: " + method + " " + path);
        } else if (route == null) {
            String allowed = String.join(", ", resolution.allowed());
            call.allow(allowed);
            call.error(405, method + " is not allowed here; use " + allowed);
        } else {
            int maxBodyBytes = route.maxBodyBytes() > 0 ? route.maxBodyBytes() : settings.maxBodyBytes();
            BodyReader.read(request, call, maxBodyBytes, () -> {
                // The body is in: from here the route bounds its own wait (a long poll, a device's reply), and the
                // idle timeout must not cut it short. Writing the answer is still bounded by it, and so is the rest
                // of a body too large to take, dropped after the answer.
                if (call.hasBody()) {
                    request.addIdleTimeoutListener(timeout -> false);
                }
                run(route.handler(), call);
            });
        }
        return true;
    }

    private static void run(Routes.Handler handler, HttpCall call) {
        try {
            handler.handle(call);
            if (!call.isAnsweredOrLater()) {
                throw new IllegalStateException("the route gave no answer and promised none");
            }
        } catch (Exception e) {
            call.fail(e);
        }
    }
}
