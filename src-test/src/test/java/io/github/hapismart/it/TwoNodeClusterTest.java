package io.github.hapismart.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.client.JdbcClientRepository;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two sample-server nodes on one PostgreSQL database behind a round-robin HAProxy with no stickiness (issue 15):
 * nothing that one node knows is unknown to the other, and a killed node or a restarted database loses nothing.
 * Runs where Debian's postgresql and haproxy are installed (CI installs both and requires these tests).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterTest {

    private static final String USER_SCOPE = "launch launch/patient openid fhirUser offline_access online_access "
            + "patient/*.rs";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static TwoNodeCluster cluster;
    private final Http http = new Http();

    @BeforeAll
    static void startCluster() throws Exception {
        Optional<PostgresCluster> postgres = PostgresCluster.shared();
        assumeTrue(postgres.isPresent() && HaproxyBalancer.installed(),
                "PostgreSQL and HAProxy are not installed here (CI installs both)");
        cluster = TwoNodeCluster.start(Files.createTempDirectory("smart-cluster-"), postgres.get());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void twoNodesStartingTogetherOnAnEmptyDatabaseMadeOneSetOfKeys() throws SQLException {
        try (Connection db = cluster.jdbc()) {
            assertEquals(3, count(db, "SELECT COUNT(*) FROM smart_signing_key"), "one RS256, ES256 and HS256 key");
        }
        assertEquals(http.get(cluster.node(1).rootUrl() + "/auth/jwks").body(),
                http.get(cluster.node(2).rootUrl() + "/auth/jwks").body());
    }

    @Test
    @Order(2)
    void aStandaloneLaunchWorksWithEveryRequestBalancedAcrossBothNodes() {
        Set<String> servedBy = new HashSet<>();
        SmartApp app = SmartApp.registerConfidential(http, cluster, USER_SCOPE);
        SmartApp.Attempt attempt = SmartApp.attempt();
        PageSession browser = new PageSession(cluster, page -> HaproxyBalancer.servedBy(page).ifPresent(servedBy::add));
        String location = browser.authorize(app.authorizeUrl(app.authorizeParams(
                "launch/patient openid offline_access patient/*.rs", attempt)), "patient", "demo-patient", null,
                checked -> checked);
        assertEquals(Set.of("node1", "node2"), servedBy, "the pages were not spread over both nodes");
        Http.Response tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, tokens.status(), tokens.body());
        String patient = tokens.json().path("patient").asText();
        Set<String> readers = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Http.Response read = http.get(cluster.fhirBase() + "/Patient/" + patient, "Authorization",
                    "Bearer " + tokens.json().path("access_token").asText(), "Accept", "application/fhir+json");
            assertEquals(200, read.status(), read.body());
            HaproxyBalancer.servedBy(read).ifPresent(readers::add);
        }
        assertEquals(Set.of("node1", "node2"), readers, "FHIR reads were not spread over both nodes");
        String refreshToken = tokens.json().path("refresh_token").asText();
        for (int i = 0; i < 2; i++) { // one rotation on each node
            Http.Response refreshed = app.refresh(refreshToken, null);
            assertEquals(200, refreshed.status(), refreshed.body());
            refreshToken = refreshed.json().path("refresh_token").asText();
        }
    }

    @Test
    @Order(3)
    void anEhrLaunchContextMadeOnOneNodeIsUsedOnTheOther() {
        SmartApp app = SmartApp.registerPublic(http, cluster, USER_SCOPE);
        Http.Response launch = EhrLaunchTest.createLaunch(http, cluster.node(1), Map.of("app_client_id",
                app.clientId()));
        assertEquals(201, launch.status(), launch.body());
        Map<String, String> params = app.authorizeParams("launch patient/*.rs", SmartApp.attempt());
        params.put("launch", launch.json().path("launch").asText());
        PageSession.Page page = new PageSession(cluster.node(2)).get(cluster.node(2).rootUrl() + "/auth/authorize?"
                + SmartApp.form(params));
        assertEquals(302, page.status(), page.body());
        assertTrue(page.location().startsWith("/auth/authorize?txn="), page.location());
    }

    @Test
    @Order(4)
    void aClientRegisteredOnOneNodeAuthenticatesOnTheOtherAtOnce() {
        Http.Response registered = register(cluster.node(1));
        Http.Response introspect = introspectAs(cluster.node(2), registered);
        assertEquals(200, introspect.status(), introspect.body());
    }

    @Test
    @Order(5)
    void aClientRemovedOnOneNodeIsRefusedByTheOtherWithinTheClientCacheLifetime() throws SQLException {
        Http.Response registered = register(cluster.node(1));
        assertEquals(200, introspectAs(cluster.node(2), registered).status(), "node 2 has not cached the client");
        try (Connection db = cluster.jdbc(); PreparedStatement delete = db.prepareStatement(
                "DELETE FROM smart_client WHERE client_id = ?")) {
            // What removing a client on any node does: the row goes from the shared database.
            delete.setString(1, registered.json().path("client_id").asText());
            assertEquals(1, delete.executeUpdate());
        }
        long removed = System.nanoTime();
        Duration bound = JdbcClientRepository.CACHE_LIFETIME.plusSeconds(1);
        await("node 2 refusing the removed client").atMost(bound).pollInterval(Duration.ofMillis(100))
                .until(() -> introspectAs(cluster.node(2), registered).status() == 401);
        assertTrue(System.nanoTime() - removed <= bound.toNanos());
    }

    @Test
    @Order(6)
    void aCodeRedeemedOnBothNodesAtOnceIsAcceptedOnceAndItsWholeGrantIsRevoked() throws Exception {
        SmartApp app = SmartApp.registerConfidential(http, cluster, USER_SCOPE);
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = new PageSession(cluster).authorize(app.authorizeUrl(app.authorizeParams(
                "launch/patient offline_access patient/*.rs", attempt)), "patient", "demo-patient", null,
                checked -> checked);
        String code = PageSession.param(location, "code");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", app.redirectUri());
        form.put("code_verifier", attempt.verifier());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            ServerAddress target = cluster.node(node);
            answers.add(pool.submit(() -> {
                go.await();
                return http.postForm(target.rootUrl() + "/auth/token", SmartApp.form(form), "Authorization",
                        app.basic());
            }));
        }
        go.countDown();
        List<Http.Response> responses = new ArrayList<>();
        for (Future<Http.Response> answer : answers) {
            responses.add(answer.get(1, TimeUnit.MINUTES));
        }
        pool.shutdown();
        List<Http.Response> won = responses.stream().filter(r -> r.status() == 200).toList();
        List<Http.Response> lost = responses.stream().filter(r -> r.status() != 200).toList();
        assertEquals(1, won.size(), "accepted " + won.size() + " times: " + responses);
        assertEquals("invalid_grant", lost.get(0).json().path("error").asText(), lost.get(0).body());
        Http.Response refresh = app.refresh(won.get(0).json().path("refresh_token").asText(), null);
        assertEquals(400, refresh.status(), "the winner's refresh token outlived the reuse: " + refresh.body());
        String accessToken = won.get(0).json().path("access_token").asText();
        await("the winner's access token refused on both nodes").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fhirStatus(cluster.node(1), accessToken) == 401
                        && fhirStatus(cluster.node(2), accessToken) == 401);
    }

    @Test
    @Order(7)
    void aClientAssertionUsedOnOneNodeIsRefusedOnTheOther() {
        BackendClient backend = BackendClient.es384().registerWithJwks(http, cluster, "system/Patient.rs");
        String assertion = backend.assertion(cluster.rootUrl() + "/auth/token");
        Http.Response first = http.postForm(cluster.node(1).rootUrl() + "/auth/token",
                BackendClient.tokenForm(assertion, "system/Patient.rs"));
        assertEquals(200, first.status(), first.body());
        Http.Response replay = http.postForm(cluster.node(2).rootUrl() + "/auth/token",
                BackendClient.tokenForm(assertion, "system/Patient.rs"));
        assertEquals(401, replay.status(), replay.body());
    }

    @Test
    @Order(8)
    void aTokenRevokedOnOneNodeStopsOnTheOtherWithinTheRevocationCheckInterval() {
        SmartApp app = SmartApp.registerConfidential(http, cluster, USER_SCOPE);
        String accessToken = launch(app, new PageSession(cluster), "launch/patient patient/*.rs").json()
                .path("access_token").asText();
        assertEquals(200, fhirStatus(cluster.node(2), accessToken));
        Http.Response revoked = http.postForm(cluster.node(1).rootUrl() + "/auth/revoke",
                "token=" + SmartApp.encode(accessToken), "Authorization", app.basic());
        assertEquals(200, revoked.status(), revoked.body());
        // revocationCheckInterval: 5 s by default (docs/configuration.md)
        await("node 2 refusing the revoked token").atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> fhirStatus(cluster.node(2), accessToken) == 401);
    }

    @Test
    @Order(8)
    void anAppRevokedOnTheManagementPageOfOneNodeLosesItsTokensOnTheOther() {
        SmartApp app = SmartApp.registerConfidential(http, cluster, USER_SCOPE);
        PageSession browser = new PageSession(cluster.node(1));
        Http.Response tokens = launch(app, browser, "launch/patient offline_access patient/*.rs");
        String accessToken = tokens.json().path("access_token").asText();
        PageSession.Page page = browser.get("/auth/manage");
        String grant = familyOf(app); // the page lists every grant of the demo patient made by earlier tests
        assertTrue(page.body().contains("value=\"" + grant + "\""), "the grant is not on the management page");
        assertEquals(303, browser.post("/auth/manage", Map.of("action", "revoke", "grant", grant,
                "csrf", find(CSRF, page.body()))).status());
        Http.Response refresh = http.postForm(cluster.node(2).rootUrl() + "/auth/token", "grant_type=refresh_token"
                + "&refresh_token=" + SmartApp.encode(tokens.json().path("refresh_token").asText()),
                "Authorization", app.basic());
        assertEquals(400, refresh.status(), "node 2 refreshed a revoked grant: " + refresh.body());
        await("node 2 refusing the revoked grant's token").atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(100)).until(() -> fhirStatus(cluster.node(2), accessToken) == 401);
    }

    @Test
    @Order(9)
    void aLogoutOnOneNodeEndsTheOnlineAccessRefreshTokenOnTheOther() {
        SmartApp app = SmartApp.registerConfidential(http, cluster, USER_SCOPE);
        PageSession browser = new PageSession(cluster.node(1));
        String refreshToken = launch(app, browser, "launch/patient online_access patient/*.rs").json()
                .path("refresh_token").asText();
        String csrf = find(CSRF, browser.get("/auth/logout").body());
        assertEquals(200, browser.post("/auth/logout", Map.of("csrf", csrf)).status());
        Http.Response refresh = http.postForm(cluster.node(2).rootUrl() + "/auth/token", "grant_type=refresh_token"
                + "&refresh_token=" + SmartApp.encode(refreshToken), "Authorization", app.basic());
        assertEquals(400, refresh.status(), refresh.body());
    }

    @Test
    @Order(10)
    void failedLoginsOnBothNodesAreCountedTogether() {
        SmartApp app = SmartApp.registerPublic(http, cluster, USER_SCOPE);
        Set<String> servedBy = new HashSet<>();
        PageSession browser = new PageSession(cluster, page -> HaproxyBalancer.servedBy(page).ifPresent(servedBy::add));
        PageSession.Page start = browser.get(app.authorizeUrl(app.authorizeParams("launch/patient patient/*.rs",
                SmartApp.attempt())));
        String txnPage = start.location();
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        for (int i = 0; i < 5; i++) { // FAILURES_PER_USER
            PageSession.Page failed = login(browser, txnPage, txn, "wrong-password-" + i);
            assertEquals(401, failed.status(), failed.body());
        }
        assertEquals(Set.of("node1", "node2"), servedBy, "the failed logins did not go to both nodes");
        PageSession.Page right = login(browser, txnPage, txn, "demo-patient");
        assertEquals(429, right.status(), "a sixth try was allowed: the nodes count failures apart");
    }

    @Test
    @Order(11)
    void killingANodeUnderLoadLosesOnlyItsRequestsInFlightAndTheOtherKeepsServing() throws Exception {
        BackendClient backend = BackendClient.es384().registerWithJwks(http, cluster, "system/Patient.rs");
        String tokenUrl = cluster.rootUrl() + "/auth/token";
        List<String> issued = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        int clients = 4;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> afterKill = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            afterKill.add(pool.submit(() -> {
                int servedAfterKill = 0;
                while (!stop.get()) {
                    boolean killedBefore = killed.get();
                    try {
                        Http.Response token = http.postForm(tokenUrl, BackendClient.tokenForm(
                                backend.assertion(tokenUrl), "system/Patient.rs"));
                        Http.Response read = token.status() != 200 ? token : http.get(cluster.fhirBase()
                                + "/Patient?_count=2", "Authorization", "Bearer " + token.json().path("access_token")
                                .asText(), "Accept", "application/fhir+json");
                        if (token.status() == 200) {
                            issued.add(token.json().path("access_token").asText());
                        }
                        if (read.status() != 200) {
                            failures.add((killedBefore ? "after" : "around") + " the kill: " + read.status() + " "
                                    + read.body());
                        } else if (killedBefore) {
                            servedAfterKill++;
                        }
                    } catch (RuntimeException e) {
                        failures.add((killedBefore ? "after" : "around") + " the kill: " + e);
                    }
                }
                return servedAfterKill;
            }));
        }
        await("40 tokens issued").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> issued.size() >= 40);
        cluster.kill(2);
        // Requests that started before the process was gone were in flight on it, or may have been: "around".
        killed.set(true);
        int issuedAtKill = issued.size();
        await("60 tokens issued after the kill").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> issued.size() >= issuedAtKill + 60);
        stop.set(true);
        int servedAfterKill = 0;
        for (Future<Integer> client : afterKill) {
            servedAfterKill += client.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        // Each client had at most one request in flight on the killed node; HAProxy sends everything after it to
        // the live node (a refused or dropped connection to node 2 is retried there, and its health check takes
        // node 2 out within a second).
        assertTrue(failures.stream().noneMatch(f -> f.startsWith("after")), "failed after the kill: " + failures);
        assertTrue(failures.size() <= clients, "more failures than requests in flight: " + failures);
        assertTrue(servedAfterKill > 0, "node 1 served nothing after the kill");
        List<String> rejected = issued.stream().filter(token -> fhirStatus(cluster, token) != 200).toList();
        assertEquals(List.of(), rejected, "tokens issued before or after the kill no longer work");

        cluster.restart(2);
        assertEquals(200, fhirStatus(cluster.node(2), issued.get(0)), "the restarted node does not honour a token");
    }

    @Test
    @Order(12)
    void aDatabaseRestartGetsCleanErrorsAndTheNodesRecoverByThemselves() {
        BackendClient backend = BackendClient.es384().registerWithJwks(http, cluster, "system/Patient.rs");
        String tokenUrl = cluster.rootUrl() + "/auth/token";
        Http.Response token = http.postForm(tokenUrl, BackendClient.tokenForm(backend.assertion(tokenUrl),
                "system/Patient.rs"));
        assertEquals(200, token.status(), token.body());
        String accessToken = token.json().path("access_token").asText();
        cluster.postgres().stop();
        try {
            for (int node = 1; node <= 2; node++) {
                Http.Response read = http.get(cluster.node(node).fhirBase() + "/Patient?_count=1", "Authorization",
                        "Bearer " + accessToken, "Accept", "application/fhir+json");
                assertEquals(503, read.status(), read.body());
                assertEquals("OperationOutcome", read.json().path("resourceType").asText(), read.body());
                assertEquals("5", read.header("Retry-After"));
                Http.Response grant = http.postForm(cluster.node(node).rootUrl() + "/auth/token",
                        BackendClient.tokenForm(backend.assertion(tokenUrl), "system/Patient.rs"));
                assertEquals(503, grant.status(), grant.body());
                assertEquals("temporarily_unavailable", grant.json().path("error").asText(), grant.body());
            }
        } finally {
            cluster.postgres().start();
        }
        for (int node = 1; node <= 2; node++) {
            ServerAddress target = cluster.node(node);
            await(target.rootUrl() + " recovering").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> fhirStatus(target, accessToken) == 200);
        }
    }

    /** The grant family that {@code app} holds (one authorization in these tests). */
    private static String familyOf(SmartApp app) {
        try (Connection db = cluster.jdbc(); PreparedStatement query = db.prepareStatement(
                "SELECT family FROM smart_grant WHERE client_id = ?")) {
            query.setString(1, app.clientId());
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "no grant recorded for " + app.clientId());
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Http.Response register(ServerAddress node) {
        Http.Response registered = http.postJson(node.rootUrl() + "/auth/register", """
                {"client_name": "cluster test", "redirect_uris": ["http://localhost:9/cb"],
                 "token_endpoint_auth_method": "client_secret_basic",
                 "grant_types": ["authorization_code"], "scope": "patient/*.rs"}""");
        assertEquals(201, registered.status(), registered.body());
        return registered;
    }

    private Http.Response introspectAs(ServerAddress node, Http.Response registration) {
        JsonNode client = registration.json();
        return http.postForm(node.rootUrl() + "/auth/introspect", "token=x", "Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString((client.path("client_id").asText() + ":"
                + client.path("client_secret").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Http.Response launch(SmartApp app, PageSession browser, String scope) {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = browser.authorize(app.authorizeUrl(app.authorizeParams(scope, attempt)), "patient",
                "demo-patient", null, checked -> checked);
        Http.Response tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, tokens.status(), tokens.body());
        return tokens;
    }

    private PageSession.Page login(PageSession browser, String txnPage, String txn, String password) {
        String csrf = find(CSRF, browser.get(txnPage).body());
        return browser.post("/auth/authorize", Map.of("txn", txn, "csrf", csrf, "action", "login",
                "username", "patient", "password", password));
    }

    private int fhirStatus(ServerAddress target, String accessToken) {
        return http.send(HttpRequest.newBuilder(URI.create(target.fhirBase() + "/Patient?_count=1"))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/fhir+json")
                .GET().build()).status();
    }

    private static int count(Connection db, String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertTrue(matcher.find(), "no match for " + pattern + " in " + html);
        return matcher.group(1);
    }
}
