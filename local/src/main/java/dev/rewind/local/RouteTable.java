package dev.rewind.local;

import dev.rewind.http.Routes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matches a method and path to a route of {@link Routes#ALL}, as API Gateway does: literal segments win over {params}. */
final class RouteTable {
    record Match(Routes.Route route, Map<String, String> pathParameters) {}

    private RouteTable() {}

    static Optional<Match> match(String method, String path) {
        String[] segments = path.split("/", -1);
        Match best = null;
        int bestLiterals = -1;
        for (Routes.Route route : Routes.ALL) {
            if (!route.method().equals(method)) {
                continue;
            }
            String[] template = route.path().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    if (segments[i].isEmpty()) {
                        matches = false;
                    } else {
                        params.put(
                                template[i].substring(1, template[i].length() - 1),
                                java.net.URLDecoder.decode(
                                        segments[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
                    }
                } else if (template[i].equals(segments[i])) {
                    literals++;
                } else {
                    matches = false;
                }
            }
            if (matches && literals > bestLiterals) {
                best = new Match(route, params);
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean pathExists(String path) {
        for (String method : List.of("GET", "POST", "PATCH", "DELETE")) {
            if (match(method, path).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
