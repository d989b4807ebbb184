package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample server on PostgreSQL: on an empty database it creates HAPI's and the plugin's tables, loads the demo
 * data, and serves SMART flows whose tokens work on the FHIR API; a restart on the same database keeps clients,
 * signing keys, tokens and data. One server is started, used, restarted; each test checks one outcome of that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSampleServerTest {

    private static final String BACKEND_SCOPE = "system/Patient.rs";

    private final Http http = new Http();
    private SampleServerFixture server;
    private int patientsOnFirstStart;
    private int userTokenReadStatus;
    private Set<String> kidsBeforeRestart;
    private BackendClient backend;
    private String backendTokenBeforeRestart;
    private SmartApp app;
    private String refreshTokenBeforeRestart;

    @BeforeAll
    void startUseAndRestart() {
        Optional<PostgresCluster> cluster = PostgresCluster.shared();
        assumeTrue(cluster.isPresent(), "PostgreSQL is not installed (Debian's postgresql package)");
        server = SampleServerFixture.startOn(cluster.get().newDatabase());
        patientsOnFirstStart = server.server().application().patientCount();
        kidsBeforeRestart = kids();

        app = SmartApp.registerPublic(http, server, "launch/patient openid offline_access patient/Patient.rs");
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = new PageSession(server).authorize(app.authorizeUrl(app.authorizeParams(
                "launch/patient offline_access patient/Patient.rs", attempt)), "patient", "demo-patient", null,
                checked -> checked);
        JsonNode tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier()).json();
        refreshTokenBeforeRestart = tokens.path("refresh_token").asText();
        userTokenReadStatus = readWith(tokens.path("access_token").asText(),
                "/Patient/" + tokens.path("patient").asText());

        backend = BackendClient.es384().registerWithJwks(http, server, BACKEND_SCOPE);
        backendTokenBeforeRestart = backendToken();

        server.restart();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theDemoDataLoadsIntoAnEmptyPostgresDatabase() {
        assertEquals(6, patientsOnFirstStart);
    }

    @Test
    void aStandaloneLaunchTokenReadsItsPatient() {
        assertEquals(200, userTokenReadStatus);
    }

    @Test
    void aRestartDoesNotLoadTheDemoDataAgain() {
        assertEquals(patientsOnFirstStart, server.server().application().patientCount());
    }

    @Test
    void aRestartKeepsTheSigningKeys() {
        assertEquals(kidsBeforeRestart, kids());
    }

    @Test
    void aBackendTokenIssuedBeforeARestartStillReadsTheFhirApi() {
        assertEquals(200, readWith(backendTokenBeforeRestart, "/Patient?_count=1"));
    }

    @Test
    void aClientRegisteredBeforeARestartStillGetsClientCredentialsTokens() {
        assertEquals(200, readWith(backendToken(), "/Patient?_count=1"));
    }

    @Test
    void aRefreshTokenIssuedBeforeARestartStillRefreshes() {
        assertEquals(200, app.refresh(refreshTokenBeforeRestart, null).status());
    }

    private String backendToken() {
        return http.postForm(server.rootUrl() + "/auth/token", BackendClient.tokenForm(
                backend.assertion(server.rootUrl() + "/auth/token"), BACKEND_SCOPE)).json().path("access_token")
                .asText();
    }

    private int readWith(String accessToken, String path) {
        return http.get(server.fhirBase() + path, "Authorization", "Bearer " + accessToken,
                "Accept", "application/fhir+json").status();
    }

    private Set<String> kids() {
        Set<String> kids = new TreeSet<>();
        for (JsonNode key : http.get(server.rootUrl() + "/auth/jwks").json().path("keys")) {
            kids.add(key.path("kid").asText());
        }
        return kids;
    }
}
