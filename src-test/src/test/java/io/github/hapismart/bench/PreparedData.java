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
import java.nio.file.Path;
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
 */
record PreparedData(String patientId, String patientToken, String laboratoryToken) {

    static final String MRN_SYSTEM = "urn:oid:hapismart.demo.mrn";
    static final String LABORATORY = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    static PreparedData prepare(Path dataDir, String rootUrl) throws Exception {
        SampleServerOptions defaults = SampleServerOptions.defaults(0, dataDir);
        SampleServerOptions options = new SampleServerOptions(0, Optional.empty(), Optional.empty(),
                defaults.keystorePassword(), dataDir, Optional.of(rootUrl), Optional.empty(), true,
                defaults.reuseCachedSearchResultsMillis());
        try (SampleServer server = new SampleServer(options)) {
            server.start();
            String patientId = server.application().spring().getBean(DaoRegistry.class).getResourceDao("Patient")
                    .search(SearchParameterMap.newSynchronous("identifier", new TokenParam(MRN_SYSTEM, "demo-1")),
                            new SystemRequestDetails())
                    .getAllResources().get(0).getIdElement().getIdPart();
            AccessTokenService tokens = server.application().plugin().authorizationServer().accessTokens();
            return new PreparedData(patientId,
                    mint(tokens, patientId, "patient/*.rs"),
                    mint(tokens, patientId, "patient/Observation.rs?category=" + LABORATORY));
        }
    }

    private static String mint(AccessTokenService tokens, String patientId, String scopes) {
        return tokens.issue(new TokenRequest("benchmark", "benchmark-user", ScopeSet.parse(scopes),
                Optional.of(patientId), Optional.empty(), Optional.empty(), Duration.ofHours(2), Optional.empty()))
                .value();
    }
}
