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
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The App State FHIR endpoint, {@code [auth]/appstate}: {@code POST /Basic}, {@code GET /Basic/[id]},
 * {@code PUT /Basic/[id]} and {@code DELETE /Basic/[id]} (both with a required {@code If-Match}),
 * {@code GET /Basic?code=system|code&subject=<absolute reference>} and {@code ...&subject:missing=true}. Every request
 * needs a bearer access token of this server; {@link AppStateAccess} decides what it may touch. Refusals are FHIR
 * OperationOutcomes: 401 without a valid token, 403 for state the app or token may not use, 404 for an unknown id,
 * 412 for a missing or stale {@code If-Match}, a changed code or subject, or any request about a deleted state, 413
 * for a resource over the size limit, 400 for a resource that is not an App State {@code Basic}.
 */
public final class AppStateEndpoint extends HttpServlet {

    private static final Set<String> SUBJECT_TYPES = Set.of("Patient", "Practitioner", "PractitionerRole",
            "RelatedPerson", "Person");
    private static final Set<String> ELEMENTS = Set.of("resourceType", "id", "meta", "code", "subject", "extension");

    private final SmartSettings settings;
    private final AccessTokenService tokens;
    private final ClientRepository clients;
    private final AppStateStore store;
    private final AppStateAccess access;

    public AppStateEndpoint(SmartSettings settings, AccessTokenService tokens, ClientRepository clients,
                            SmartDatabase database, TokenHashing ids, Clock clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.clients = clients;
        this.store = new AppStateStore(database, ids, clock);
        this.access = new AppStateAccess(settings.fhirBaseUrl());
    }

    /** A refusal, rendered as an OperationOutcome. */
    private static final class Refusal extends RuntimeException {
        private final int status;
        private final String code;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /** The parts of a state that access control and storage need. */
    private record StateKey(String codeSystem, String code, Optional<String> subject) {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            AccessGrant grant = bearerToken(request).flatMap(tokens::verify).orElseThrow(() -> {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"appstate\""
                        + (bearerToken(request).isPresent() ? ", error=\"invalid_token\"" : ""));
                return new Refusal(401, "login", "A valid bearer access token is required");
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
                    default -> throw new Refusal(405, "not-supported", "Use GET, PUT or DELETE on Basic/[id]");
                }
            } else {
                throw new Refusal(404, "not-found", "The App State endpoint serves Basic only");
            }
        } catch (Refusal refusal) {
            outcome(response, refusal.status, refusal.code, refusal.getMessage());
        }
    }

    private void create(AccessGrant grant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Map<String, Object> resource = body(request);
        if (resource.containsKey("id")) {
            throw new Refusal(400, "invalid", "Basic.id must not be sent with a create");
        }
        if (resource.get("meta") instanceof Map<?, ?> meta && meta.containsKey("versionId")) {
            throw new Refusal(400, "invalid", "Basic.meta.versionId must not be sent with a create");
        }
        StateKey key = keyOf(resource);
        authorize(grant, key, AppStateAccess.Action.CREATE);
        String id = store.newId();
        String json = stored(resource, id, 1);
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
        Map<String, Object> resource = body(request);
        if (!id.equals(resource.get("id"))) {
            throw new Refusal(400, "invalid", "Basic.id must be present and match the id in the URL");
        }
        if (!keyOf(resource).equals(keyOf(state))) {
            throw new Refusal(412, "conflict", "Basic.code and Basic.subject cannot change");
        }
        String json = stored(resource, id, expected + 1);
        if (!store.update(id, expected, json)) {
            throw new Refusal(412, "conflict", "The state changed since version " + expected);
        }
        answer(response, 200, json, expected + 1);
    }

    private void delete(AccessGrant grant, String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AppStateStore.Stored state = existing(id);
        authorize(grant, keyOf(state), AppStateAccess.Action.DELETE);
        long expected = ifMatch(request, state);
        if (!store.delete(id, expected)) {
            throw new Refusal(412, "conflict", "The state changed since version " + expected);
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void search(AccessGrant grant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String code = Optional.ofNullable(request.getParameter("code")).orElse("");
        int bar = code.indexOf('|');
        if (bar <= 0 || bar == code.length() - 1) {
            throw new Refusal(400, "required", "code=system|code is required");
        }
        Optional<String> subject = Optional.ofNullable(request.getParameter("subject"));
        boolean missing = "true".equals(request.getParameter("subject:missing"));
        if (subject.isPresent() == missing) {
            throw new Refusal(400, "required", "Give exactly one of subject=<absolute reference> and "
                    + "subject:missing=true");
        }
        StateKey key = new StateKey(code.substring(0, bar), code.substring(bar + 1), subject);
        authorize(grant, key, AppStateAccess.Action.READ);
        List<Object> entries = new ArrayList<>();
        for (AppStateStore.Stored state : store.search(key.codeSystem(), key.code(), key.subject())) {
            entries.add(Map.of("fullUrl", settings.endpoint("appstate") + "/Basic/" + state.id(),
                    "resource", parse(state.resource()), "search", Map.of("mode", "match")));
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", entries.size());
        bundle.put("entry", entries);
        write(response, 200, JSONObjectUtils.toJSONString(bundle));
    }

    private void authorize(AccessGrant grant, StateKey key, AppStateAccess.Action action) {
        List<URI> origins = new ArrayList<>();
        clients.findById(grant.clientId()).ifPresent(client -> {
            origins.addAll(client.redirectUris());
            client.initiateLoginUri().ifPresent(origins::add);
        });
        access.refusal(grant, origins, key.codeSystem(), key.code(), key.subject(), action).ifPresent(reason -> {
            throw new Refusal(403, "forbidden", reason);
        });
    }

    private AppStateStore.Stored existing(String id) {
        AppStateStore.Stored state = store.find(id).orElseThrow(() ->
                new Refusal(404, "not-found", "No App State Basic/" + id));
        if (state.deleted()) {
            throw new Refusal(412, "conflict", "Basic/" + id + " was deleted");
        }
        return state;
    }

    /** The version the request's {@code If-Match} names, which must be the current one. */
    private static long ifMatch(HttpServletRequest request, AppStateStore.Stored state) {
        String header = request.getHeader("If-Match");
        if (header == null) {
            throw new Refusal(412, "conflict", "If-Match with the state's ETag is required");
        }
        String version = header.strip().replaceFirst("^W/", "").replace("\"", "");
        if (!version.equals(Long.toString(state.version()))) {
            throw new Refusal(412, "conflict", "If-Match " + header + " is not the current version W/\""
                    + state.version() + "\"");
        }
        return state.version();
    }

    private Map<String, Object> body(HttpServletRequest request) throws IOException {
        int limit = settings.appState().maxBytes();
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw new Refusal(413, "too-costly", "App State resources are limited to " + limit + " bytes");
        }
        Map<String, Object> resource;
        try {
            resource = JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new Refusal(400, "structure", "The body is not a JSON object");
        }
        if (!"Basic".equals(resource.get("resourceType"))) {
            throw new Refusal(400, "invalid", "The body must be a Basic resource");
        }
        for (String element : resource.keySet()) {
            if (!ELEMENTS.contains(element)) {
                throw new Refusal(400, "invalid", "App State Basic resources carry code, subject and extension only, "
                        + "not " + element);
            }
        }
        if (resource.get("extension") != null) {
            if (!(resource.get("extension") instanceof List<?> extensions)) {
                throw new Refusal(400, "invalid", "Basic.extension must be an array");
            }
            for (Object extension : extensions) {
                if (!(extension instanceof Map<?, ?> ext) || !(ext.get("url") instanceof String)
                        || !(ext.get("valueString") instanceof String) || ext.size() != 2) {
                    throw new Refusal(400, "invalid", "App State extensions have a url and a valueString only");
                }
            }
        }
        return resource;
    }

    private StateKey keyOf(Map<String, Object> resource) {
        List<?> codings = resource.get("code") instanceof Map<?, ?> code && code.get("coding") instanceof List<?> c
                ? c : List.of();
        if (codings.size() != 1 || !(codings.get(0) instanceof Map<?, ?> coding)
                || !(coding.get("system") instanceof String system) || !(coding.get("code") instanceof String value)
                || system.isBlank() || value.isBlank() || system.length() > 1024 || value.length() > 256) {
            throw new Refusal(400, "invalid", "Basic.code.coding must hold exactly one coding with a system and a "
                    + "code");
        }
        Optional<String> subject = Optional.empty();
        if (resource.get("subject") != null) {
            Object reference = resource.get("subject") instanceof Map<?, ?> s ? s.get("reference") : null;
            String prefix = settings.fhirBaseUrl() + "/";
            if (!(reference instanceof String ref) || !ref.startsWith(prefix)
                    || !SUBJECT_TYPES.contains(ref.substring(prefix.length()).split("/")[0])
                    || !ref.substring(prefix.length()).matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
                throw new Refusal(400, "invalid", "Basic.subject.reference must be an absolute reference to a "
                        + "Patient, Practitioner, PractitionerRole, RelatedPerson or Person of " + prefix);
            }
            subject = Optional.of(ref);
        }
        return new StateKey(system, value, subject);
    }

    private static StateKey keyOf(AppStateStore.Stored state) {
        return new StateKey(state.codeSystem(), state.code(), state.subject());
    }

    /** The resource as persisted: the submitted elements with the server's id and version. */
    private static String stored(Map<String, Object> resource, String id, long version) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resourceType", "Basic");
        json.put("id", id);
        json.put("meta", Map.of("versionId", Long.toString(version)));
        json.put("code", resource.get("code"));
        if (resource.get("subject") != null) {
            json.put("subject", resource.get("subject"));
        }
        if (resource.get("extension") != null) {
            json.put("extension", resource.get("extension"));
        }
        return JSONObjectUtils.toJSONString(json);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored App State is not JSON", e);
        }
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
