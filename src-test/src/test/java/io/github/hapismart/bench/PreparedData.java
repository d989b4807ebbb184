package io.github.hapismart.bench;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.sample.SampleServer;
import io.github.hapismart.sample.SampleServerOptions;
import io.github.hapismart.token.AccessTokenService;
import io.github.hapismart.token.AccessTokenService.TokenRequest;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.token.AuthorizationCodes;
import io.github.hapismart.token.UserGrant;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.time.Duration;
import java.util.Optional;

/**
 * Prepares the benchmark's data folder with the sample server run in this JVM for a moment: loads the demo data,
 * creates the signing keys, and mints patient-scoped access tokens with the server's own token service. The keys
 * persist, so the tokens verify on the server process started afterwards on the same folder and public URL. (This
 * avoids a token-minting back door in the server; the user-facing launch flow is not needed to get a token.)
 *
 * @param patientId        the logical id of the demo patient with MRN {@code demo-1}
 * @param patientToken     {@code patient/*.rs} for that patient
 * @param laboratoryToken  the granular {@code patient/Observation.rs?category=...|laboratory} for that patient
 * @param writeToken       {@code system/Organization.c}, for the FHIR create scenario
 * @param codeExchanges    token request bodies, one per line, each redeeming its own authorization code: a warm-up
 *                         batch and a measured batch (see {@link #mintCodes})
 * @param growthPatients   the patients of the data-growth scenario ({@link GrowthReads}); empty unless it runs
 */
record PreparedData(String patientId, String patientToken, String laboratoryToken, String writeToken,
                    CodeExchanges codeExchanges, List<GrowthReads.GrowthPatient> growthPatients) {

    /** Form bodies of {@code authorization_code} token requests, each line used once. */
    record CodeExchanges(Path warmup, int warmupCount, Path measured, int measuredCount) {
    }

    static final String CODE_CLIENT = "benchmark-app";
    static final String CODE_REDIRECT = "http://127.0.0.1/benchmark/callback";
    static final String CODE_SCOPES = "launch/patient openid fhirUser offline_access patient/*.rs";
    static final int CODE_WARMUP = 6_000;
    static final int CODE_MEASURED = 15_000;

    static final String MRN_SYSTEM = "urn:oid:hapismart.demo.mrn";
    static final String LABORATORY = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    static PreparedData prepare(Path dataDir, String rootUrl, Path workDir) throws Exception {
        return prepare(dataDir, rootUrl, workDir, false);
    }

    /** As {@link #prepare(Path, String, Path)}, and with {@code growthPatients} the data-growth patients too. */
    static PreparedData prepare(Path dataDir, String rootUrl, Path workDir, boolean growthPatients) throws Exception {
        SampleServerOptions defaults = SampleServerOptions.defaults(0, dataDir);
        SampleServerOptions options = new SampleServerOptions(0, Optional.empty(), Optional.empty(),
                defaults.keystorePassword(), dataDir, Optional.of(rootUrl), Optional.empty(), true,
                defaults.reuseCachedSearchResultsMillis());
        try (SampleServer server = new SampleServer(options)) {
            server.start();
            DaoRegistry daos = server.application().spring().getBean(DaoRegistry.class);
            String patientId = daos.getResourceDao("Patient")
                    .search(SearchParameterMap.newSynchronous("identifier", new TokenParam(MRN_SYSTEM, "demo-1")),
                            new SystemRequestDetails())
                    .getAllResources().get(0).getIdElement().getIdPart();
            SmartAuthorizationServer auth = server.application().plugin().authorizationServer();
            AccessTokenService tokens = auth.accessTokens();
            return new PreparedData(patientId,
                    mint(tokens, patientId, "patient/*.rs"),
                    mint(tokens, patientId, "patient/Observation.rs?category=" + LABORATORY),
                    tokens.issue(new TokenRequest("benchmark", "benchmark", ScopeSet.parse("system/Organization.c"),
                            Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofHours(2),
                            Optional.empty())).value(),
                    mintCodes(auth, patientId, workDir),
                    growthPatients ? GrowthReads.prepare(daos, tokens) : List.of());
        }
    }

    /**
     * Registers a public client and stores authorization codes for it as the consent page would (a patient launch
     * with {@code openid fhirUser offline_access patient/*.rs}, PKCE S256), through the plugin's own
     * {@link AuthorizationCodes} on the data folder's database. The codes get a 30-minute lifetime instead of 60 s,
     * so that they are still valid when the server process redeems them minutes later; the server checks the
     * expiry stored with each code, and nothing else about the exchange differs from a real one.
     */
    static CodeExchanges mintCodes(SmartAuthorizationServer auth, String patientId, Path workDir) {
        auth.clients().save(new RegisteredClient(CODE_CLIENT, "Benchmark app", ClientAuthMethod.NONE,
                Optional.empty(), List.of(URI.create(CODE_REDIRECT)),
                Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN), CODE_SCOPES,
                Optional.empty(), Optional.empty(), Optional.empty(), Instant.now()));
        AuthorizationCodes codes = new AuthorizationCodes(auth.database(), auth.tokenHashing(), auth.clock(),
                Duration.ofMinutes(30));
        Supplier<String> body = () -> codeExchangeBody(codes, patientId);
        return new CodeExchanges(
                BackendKeys.writeBodies(workDir.resolve("code-warmup.bodies"), CODE_WARMUP, body), CODE_WARMUP,
                BackendKeys.writeBodies(workDir.resolve("code.bodies"), CODE_MEASURED, body), CODE_MEASURED);
    }

    /** Stores a new code for {@link #CODE_CLIENT} and {@code patientId}; returns the form body that redeems it. */
    static String codeExchangeBody(AuthorizationCodes codes, String patientId) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        UserGrant grant = new UserGrant(CODE_CLIENT, "benchmark-user", Optional.of("Patient/" + patientId),
                Optional.of("Benchmark Patient"), ScopeSet.parse(CODE_SCOPES),
                LaunchContext.none().withPatient(patientId), UUID.randomUUID().toString(), Optional.empty(),
                Instant.now(), Optional.empty());
        String code = codes.issue(grant, CODE_REDIRECT, s256(verifier));
        return "grant_type=authorization_code&code=" + BackendKeys.encode(code) + "&redirect_uri="
                + BackendKeys.encode(CODE_REDIRECT) + "&client_id=" + CODE_CLIENT + "&code_verifier=" + verifier;
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mint(AccessTokenService tokens, String patientId, String scopes) {
        return tokens.issue(new TokenRequest("benchmark", "benchmark-user", ScopeSet.parse(scopes),
                Optional.of(patientId), Optional.empty(), Optional.empty(), Duration.ofHours(2), Optional.empty()))
                .value();
    }
}
