package io.github.hapismart.appstate;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.token.AccessTokenService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The App State FHIR endpoint, {@code [auth]/appstate}: {@code POST /Basic}, {@code GET /Basic/[id]},
 * {@code PUT /Basic/[id]} and {@code DELETE /Basic/[id]} (both with a required {@code If-Match}),
 * {@code GET /Basic?code=system|code&subject=<absolute reference>} and {@code ...&subject:missing=true}. Every request
 * needs a bearer access token of this server; {@link AppStateAccess} decides what it may touch and
 * {@link AppStateResource} what a state may hold. Refusals ({@link AppStateRefusal}) are FHIR
 * OperationOutcomes: 401 without a valid token, 403 for state the app or token may not use, 404 for an unknown id,
 * 412 for a missing or stale {@code If-Match}, a changed code or subject, or any request about a deleted state, 413
 * for a resource over the size limit, 400 for a resource that is not an App State {@code Basic}.
 */
public final class AppStateEndpoint extends HttpServlet {

    private final SmartSettings settings;
    private final AccessTokenService tokens;
    private final ClientRepository clients;
    private final AppStateStore store;
    private final AppStateAccess access;
    private final AppStateResource resources;

    public AppStateEndpoint(SmartSettings settings, AccessTokenService tokens, ClientRepository clients,
                            SmartDatabase database, TokenHashing ids, Clock clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.clients = clients;
        this.store = new AppStateStore(database, ids, clock);
        this.access = new AppStateAccess(settings.fhirBaseUrl());
        this.resources = new AppStateResource(settings.fhirBaseUrl(), settings.appState().maxBytes());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            AccessGrant grant = bearerToken(request).flatMap(tokens::verify).orElseThrow(() -> {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"appstate\""
                        + (bearerToken(request).isPresent() ? ", error=\"invalid_token\"" : ""));
                return new AppStateRefusal(401, "login", "A valid bearer access token is required");
            });
            String path = Optional.ofNullable(request.getPathInfo()).orElse("");
            String method = request.getMethod();
            if (path.equals("/Basic") && method.equals("POST")) {
                create(grant, request, response);
            } else if (path.equals("/Basic") && method.equals("GET")) {
                search(grant, request, response);
            } else if (path.matches("/Basic/[A-Za-z0-9\\-.]{1,64}")) {
                String id = path.substring("/Basic/".length());
                switch (method) {
                    case "GET" -> read(grant, id, response);
                    case "PUT" -> update(grant, id, request, response);
                    case "DELETE" -> delete(grant, id, request, response);
                    default -> throw new AppStateRefusal(405, "not-supported", "Use GET, PUT or DELETE on Basic/[id]");
                }
            } else {
                throw new AppStateRefusal(404, "not-found", "The App State endpoint serves Basic only");
            }
        } catch (AppStateRefusal refusal) {
            outcome(response, refusal.status(), refusal.code(), refusal.getMessage());
        }
    }

    private void create(AccessGrant grant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Map<String, Object> resource = resources.read(request);
        if (resource.containsKey("id")) {
            throw new AppStateRefusal(400, "invalid", "Basic.id must not be sent with a create");
        }
        if (resource.get("meta") instanceof Map<?, ?> meta && meta.containsKey("versionId")) {
            throw new AppStateRefusal(400, "invalid", "Basic.meta.versionId must not be sent with a create");
        }
        AppStateResource.Key key = resources.keyOf(resource);
        authorize(grant, key, AppStateAccess.Action.CREATE);
        String id = store.newId();
        String json = AppStateResource.stored(resource, id, 1);
        store.create(new AppStateStore.Stored(id, 1, grant.clientId(), key.codeSystem(), key.code(), key.subject(),
                json, false));
        response.setHeader("Location", settings.endpoint("appstate") + "/Basic/" + id + "/_history/1");
        answer(response, 201, json, 1);
    }

    private void read(AccessGrant grant, String id, HttpServletResponse response) throws IOException {
        AppStateStore.Stored state = existing(id);
        authorize(grant, keyOf(state), AppStateAccess.Action.READ);
        answer(response, 200, state.resource(), state.version());
    }

    private void update(AccessGrant grant, String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AppStateStore.Stored state = existing(id);
        authorize(grant, keyOf(state), AppStateAccess.Action.UPDATE);
        long expected = ifMatch(request, state);
        Map<String, Object> resource = resources.read(request);
        if (!id.equals(resource.get("id"))) {
            throw new AppStateRefusal(400, "invalid", "Basic.id must be present and match the id in the URL");
        }
        if (!resources.keyOf(resource).equals(keyOf(state))) {
            throw new AppStateRefusal(412, "conflict", "Basic.code and Basic.subject cannot change");
        }
        String json = AppStateResource.stored(resource, id, expected + 1);
        if (!store.update(id, expected, json)) {
            throw new AppStateRefusal(412, "conflict", "The state changed since version " + expected);
        }
        answer(response, 200, json, expected + 1);
    }

    private void delete(AccessGrant grant, String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AppStateStore.Stored state = existing(id);
        authorize(grant, keyOf(state), AppStateAccess.Action.DELETE);
        long expected = ifMatch(request, state);
        if (!store.delete(id, expected)) {
            throw new AppStateRefusal(412, "conflict", "The state changed since version " + expected);
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void search(AccessGrant grant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String code = Optional.ofNullable(request.getParameter("code")).orElse("");
        int bar = code.indexOf('|');
        if (bar <= 0 || bar == code.length() - 1) {
            throw new AppStateRefusal(400, "required", "code=system|code is required");
        }
        Optional<String> subject = Optional.ofNullable(request.getParameter("subject"));
        boolean missing = "true".equals(request.getParameter("subject:missing"));
        if (subject.isPresent() == missing) {
            throw new AppStateRefusal(400, "required", "Give exactly one of subject=<absolute reference> and "
                    + "subject:missing=true");
        }
        AppStateResource.Key key = new AppStateResource.Key(code.substring(0, bar), code.substring(bar + 1), subject);
        authorize(grant, key, AppStateAccess.Action.READ);
        List<Object> entries = new ArrayList<>();
        for (AppStateStore.Stored state : store.search(key.codeSystem(), key.code(), key.subject())) {
            entries.add(Map.of("fullUrl", settings.endpoint("appstate") + "/Basic/" + state.id(),
                    "resource", AppStateResource.parse(state.resource()), "search", Map.of("mode", "match")));
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", entries.size());
        bundle.put("entry", entries);
        write(response, 200, JSONObjectUtils.toJSONString(bundle));
    }

    private void authorize(AccessGrant grant, AppStateResource.Key key, AppStateAccess.Action action) {
        List<URI> origins = new ArrayList<>();
        clients.findById(grant.clientId()).ifPresent(client -> {
            origins.addAll(client.redirectUris());
            client.initiateLoginUri().ifPresent(origins::add);
        });
        access.refusal(grant, origins, key.codeSystem(), key.code(), key.subject(), action).ifPresent(reason -> {
            throw new AppStateRefusal(403, "forbidden", reason);
        });
    }

    private AppStateStore.Stored existing(String id) {
        AppStateStore.Stored state = store.find(id).orElseThrow(() ->
                new AppStateRefusal(404, "not-found", "No App State Basic/" + id));
        if (state.deleted()) {
            throw new AppStateRefusal(412, "conflict", "Basic/" + id + " was deleted");
        }
        return state;
    }

    /** The version the request's {@code If-Match} names, which must be the current one. */
    private static long ifMatch(HttpServletRequest request, AppStateStore.Stored state) {
        String header = request.getHeader("If-Match");
        if (header == null) {
            throw new AppStateRefusal(412, "conflict", "If-Match with the state's ETag is required");
        }
        String version = header.strip().replaceFirst("^W/", "").replace("\"", "");
        if (!version.equals(Long.toString(state.version()))) {
            throw new AppStateRefusal(412, "conflict", "If-Match " + header + " is not the current version W/\""
                    + state.version() + "\"");
        }
        return state.version();
    }

    private static AppStateResource.Key keyOf(AppStateStore.Stored state) {
        return new AppStateResource.Key(state.codeSystem(), state.code(), state.subject());
    }

    private static void answer(HttpServletResponse response, int status, String json, long version)
            throws IOException {
        response.setHeader("ETag", "W/\"" + version + "\"");
        write(response, status, json);
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void outcome(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        write(response, status, JSONObjectUtils.toJSONString(Map.of("resourceType", "OperationOutcome",
                "issue", List.of(Map.of("severity", "error", "code", code, "diagnostics", message)))));
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip());
    }
}
