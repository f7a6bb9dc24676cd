package io.alink.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches a request to a route by method and path pattern ({@code /api/devices/{pk}/{dn}}). A path no pattern
 * matches is a 404; a path that matches only under other methods is a 405 listing them.
 */
final class Router {

    @FunctionalInterface
    interface Handler {
        void handle(HttpCall call) throws Exception;
    }

    private record Route(String method, String[] pattern, Handler handler) {
    }

    /** The route a request resolved to, with its path variables; or the methods the path allows, if none. */
    record Match(Handler handler, Map<String, String> variables, Set<String> allowedMethods) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, segments(pattern), handler));
        return this;
    }

    /** Empty when no route has this path; a match without handler when the path exists under other methods. */
    Optional<Match> match(HttpExchange exchange) {
        String[] path;
        try {
            path = segments(exchange.getRequestURI().getRawPath());
            for (int i = 0; i < path.length; i++) {
                // Not URLDecoder's '+' as space: that is a form convention, not a path one.
                path[i] = URLDecoder.decode(path[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the path is not validly percent-encoded");
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> variables = bind(route.pattern, path);
            if (variables == null) {
                continue;
            }
            if (route.method.equals(exchange.getRequestMethod())) {
                return Optional.of(new Match(route.handler, variables, Set.of()));
            }
            allowed.add(route.method);
        }
        return allowed.isEmpty() ? Optional.empty() : Optional.of(new Match(null, Map.of(), allowed));
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{")) {
                variables.put(pattern[i].substring(1, pattern[i].length() - 1), path[i]);
            } else if (!pattern[i].equals(path[i])) {
                return null;
            }
        }
        return variables;
    }

    private static String[] segments(String path) {
        String trimmed = path == null ? "" : path.replaceAll("^/+", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
