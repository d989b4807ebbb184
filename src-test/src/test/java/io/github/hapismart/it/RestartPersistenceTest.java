package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.store.SmartDatabase;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What must survive a restart of the sample server on the same data folder: signing keys, registered clients,
 * users, refresh tokens, EHR launch contexts, and the demo data (loaded once, not twice). Also checks that the database holds no secret in clear.
 */
class RestartPersistenceTest {

    private final Http http = new Http();

    @Test
    void keysClientsUsersTokensLaunchesAndDemoDataSurviveARestartAndNothingIsStoredInClear() {
        try (SampleServerFixture server = SampleServerFixture.start()) {
            Set<String> kidsBefore = kids(server);
            int patientsBefore = patientCount(server);
            String clientId = http.postJson(server.rootUrl() + "/auth/register", """
                    {"redirect_uris": ["https://app.example.org/cb"], "token_endpoint_auth_method": "none"}""")
                    .json().path("client_id").asText();
            String scope = "launch launch/patient openid offline_access patient/Patient.rs";
            SmartApp app = SmartApp.registerPublic(http, server, scope);
            SmartApp.Attempt attempt = SmartApp.attempt();
            String location = new PageSession(server).authorize(app.authorizeUrl(app.authorizeParams(
                    "launch/patient offline_access patient/Patient.rs", attempt)), "patient", "demo-patient", null,
                    checked -> checked);
            String refreshToken = app.exchange(PageSession.param(location, "code"), attempt.verifier()).json()
                    .path("refresh_token").asText();
            String launch = EhrLaunchTest.createLaunch(http, server, java.util.Map.of("app_client_id",
                    app.clientId())).json().path("launch").asText();

            String tokenEndpoint = server.rootUrl() + "/auth/token";
            BackendClient backend = BackendClient.es384().registerWithJwks(http, server, "system/Patient.rs");
            String usedAssertion = backend.assertion(tokenEndpoint);
            String accessToken = http.postForm(tokenEndpoint, BackendClient.tokenForm(usedAssertion,
                    "system/Patient.rs")).json().path("access_token").asText();

            server.restart();

            Http.Response replay = http.postForm(tokenEndpoint,
                    BackendClient.tokenForm(usedAssertion, "system/Patient.rs"));
            assertEquals(401, replay.status(), "an assertion replayed after a restart was accepted");
            assertTrue(replay.json().path("error_description").asText().contains("jti"), replay.body());
            assertTrue(backendCall(server, backend, "introspect", accessToken).json().path("active").asBoolean(),
                    "an access token issued before the restart is no longer active");
            assertEquals(200, backendCall(server, backend, "revoke", accessToken).status());
            assertFalse(backendCall(server, backend, "introspect", accessToken).json().path("active").asBoolean(),
                    "revoked after a restart, yet still active");
            assertEquals(401, http.get(server.fhirBase() + "/Patient?_count=1", "Authorization",
                    "Bearer " + accessToken, "Accept", "application/fhir+json").status());

            assertEquals(200, app.refresh(refreshToken, null).status(), "refresh token lost across a restart");
            java.util.Map<String, String> params = app.authorizeParams(scope, SmartApp.attempt());
            params.put("launch", launch);
            PageSession.Page launched = new PageSession(server).get(app.authorizeUrl(params));
            assertTrue(launched.location().startsWith("/auth/authorize?txn="), "launch context lost: "
                    + launched.location());

            assertEquals(kidsBefore, kids(server), "signing keys changed across a restart");
            assertEquals(patientsBefore, patientCount(server), "demo data was loaded twice");
            assertTrue(server.server().application().plugin().authorizationServer().clients().findById(clientId)
                    .isPresent(), "registered client lost across a restart");

            SmartDatabase db = server.server().application().plugin().authorizationServer().database();
            List<String> passwordHashes = db.query("SELECT password_hash FROM smart_user", row -> row.getString(1));
            assertEquals(2, passwordHashes.size());
            for (String hash : passwordHashes) {
                assertTrue(hash.startsWith("{bcrypt}$2"), hash);
                assertFalse(hash.contains("demo-"), "a password is stored in clear");
            }
            List<String> storedKeys = db.query("SELECT jwk FROM smart_signing_key", row -> row.getString(1));
            for (String stored : storedKeys) {
                assertFalse(stored.contains("\"d\""), "a private signing key is stored unencrypted");
            }
            assertNotEquals(0, storedKeys.size());
        }
    }

    private Http.Response backendCall(SampleServerFixture server, BackendClient client, String endpoint,
                                      String token) {
        return http.postForm(server.rootUrl() + "/auth/" + endpoint, "token=" + BackendClient.encode(token)
                + "&client_assertion_type="
                + BackendClient.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + BackendClient.encode(client.assertion(server.rootUrl() + "/auth/token")));
    }

    private Set<String> kids(SampleServerFixture server) {
        Set<String> kids = new TreeSet<>();
        for (JsonNode key : http.get(server.rootUrl() + "/auth/jwks").json().path("keys")) {
            kids.add(key.path("kid").asText());
        }
        return kids;
    }

    private static int patientCount(SampleServerFixture server) {
        return server.server().application().patientCount();
    }
}
