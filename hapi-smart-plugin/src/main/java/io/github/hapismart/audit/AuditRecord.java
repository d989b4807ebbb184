package io.github.hapismart.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One audited event as the code that saw it describes it: what happened, whether it succeeded, and who was involved.
 * It never holds a secret: a token appears only as its {@code jti}, a login only by user name.
 *
 * @param kind          the event
 * @param success       whether it succeeded (a refusal, a failed login or a denied consent is {@code false})
 * @param recorded      when it happened
 * @param clientId      the OAuth client involved
 * @param user          the user name or token {@code sub}
 * @param fhirUser      the user's FHIR resource ({@code Practitioner/123}), if known
 * @param patient       the patient's logical id, if the event concerns one
 * @param tokenId       the {@code jti} of the token issued, used or revoked
 * @param scopes        the scopes granted (or held by the token used)
 * @param refusedScopes the scopes asked for and not granted
 * @param request       what was asked, e.g. {@code GET Observation/123} or {@code grant_type=refresh_token}
 * @param reason        why it failed, or what caused it (e.g. who revoked)
 * @param network       the caller's network address
 * @param resources     the resources the event touched, as relative references
 * @param details       further named values (e.g. grant type, export job id)
 */
public record AuditRecord(
        AuditKind kind,
        boolean success,
        Instant recorded,
        Optional<String> clientId,
        Optional<String> user,
        Optional<String> fhirUser,
        Optional<String> patient,
        Optional<String> tokenId,
        List<String> scopes,
        List<String> refusedScopes,
        Optional<String> request,
        Optional<String> reason,
        Optional<String> network,
        List<String> resources,
        Map<String, String> details) {

    public AuditRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(user);
        Objects.requireNonNull(fhirUser);
        Objects.requireNonNull(patient);
        Objects.requireNonNull(tokenId);
        scopes = List.copyOf(scopes);
        refusedScopes = List.copyOf(refusedScopes);
        Objects.requireNonNull(request);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(network);
        resources = List.copyOf(resources);
        details = Map.copyOf(details);
    }

    /** Starts a record of {@code kind} at {@code recorded}. */
    public static Builder of(AuditKind kind, boolean success, Instant recorded) {
        return new Builder(kind, success, recorded);
    }

    /** Builds an {@link AuditRecord}; null values are ignored, so callers can pass what they have. */
    public static final class Builder {
        private final AuditKind kind;
        private final boolean success;
        private final Instant recorded;
        private String clientId;
        private String user;
        private String fhirUser;
        private String patient;
        private String tokenId;
        private final List<String> scopes = new ArrayList<>();
        private final List<String> refusedScopes = new ArrayList<>();
        private String request;
        private String reason;
        private String network;
        private final List<String> resources = new ArrayList<>();
        private final Map<String, String> details = new LinkedHashMap<>();

        private Builder(AuditKind kind, boolean success, Instant recorded) {
            this.kind = kind;
            this.success = success;
            this.recorded = recorded;
        }

        public Builder client(String value) { this.clientId = value; return this; }
        public Builder user(String value) { this.user = value; return this; }
        public Builder fhirUser(String value) { this.fhirUser = value; return this; }
        public Builder patient(String value) { this.patient = value; return this; }
        public Builder tokenId(String value) { this.tokenId = value; return this; }
        public Builder request(String value) { this.request = value; return this; }
        public Builder reason(String value) { this.reason = value; return this; }
        public Builder network(String value) { this.network = value; return this; }

        /** Adds the space-separated scopes of {@code value}. */
        public Builder scopes(String value) {
            split(value, scopes);
            return this;
        }

        /** Adds the space-separated scopes of {@code value} as refused. */
        public Builder refusedScopes(String value) {
            split(value, refusedScopes);
            return this;
        }

        public Builder resource(String reference) {
            if (reference != null) {
                resources.add(reference);
            }
            return this;
        }

        public Builder detail(String name, String value) {
            if (value != null) {
                details.put(name, value);
            }
            return this;
        }

        public AuditRecord build() {
            return new AuditRecord(kind, success, recorded, Optional.ofNullable(clientId), Optional.ofNullable(user),
                    Optional.ofNullable(fhirUser), Optional.ofNullable(patient), Optional.ofNullable(tokenId), scopes,
                    refusedScopes, Optional.ofNullable(request), Optional.ofNullable(reason),
                    Optional.ofNullable(network), resources, details);
        }

        private static void split(String value, List<String> into) {
            if (value != null) {
                for (String scope : value.trim().split("\\s+")) {
                    if (!scope.isEmpty()) {
                        into.add(scope);
                    }
                }
            }
        }
    }
}
