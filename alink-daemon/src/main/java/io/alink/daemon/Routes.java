package io.alink.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The southbound API's routes: a method and a path template whose {@code {name}} parts match one path segment each.
 * A path no template matches is unknown (404); one that matches under other methods only is a wrong method (405).
 */
final class Routes {

    @FunctionalInterface
    interface Handler {
        /** Answers {@code call}, now or later from another thread. */
        void handle(ApiCall call) throws IOException;
    }

    private record Route(String method, String template, Pattern pattern, List<String> names, Handler handler) {
    }

    /**
     * What a request resolved to: its route's handler and template (the template names the route in metrics) with
     * the path's values, still percent-encoded; or, when no route of that method matches, the methods that would have ({@code allowed},
     * empty for an unknown path).
     */
    record Resolution(Handler handler, String template, Map<String, String> variables, Set<String> allowed) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    private final List<Route> routes = new ArrayList<>();

    Routes add(String method, String template, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher variable = VARIABLE.matcher(template);
        int end = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(template.substring(end, variable.start()))).append("([^/]+)");
            names.add(variable.group(1));
            end = variable.end();
        }
        regex.append(Pattern.quote(template.substring(end)));
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), names, handler));
        return this;
    }

    /** @param rawPath the path as sent, still percent-encoded, so that an encoded '/' stays inside its segment */
    Resolution resolve(String method, String rawPath) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(rawPath);
            if (!matcher.matches()) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                variables.put(route.names().get(i), matcher.group(i + 1));
            }
            return new Resolution(route.handler(), route.template(), variables, Set.of());
        }
        return new Resolution(null, null, Map.of(), allowed);
    }
}
