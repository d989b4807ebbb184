package io.github.hapismart.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the server confirmed is lost when its process is killed (issue 25). The sample server runs as its own
 * process under a steady load from 8 concurrent clients: RFC 7591 registrations, {@code client_credentials} grants
 * (each using a new assertion {@code jti}), refresh-token rotations, FHIR creates, EHR launch contexts and FHIR
 * reads. It is killed with SIGKILL in the middle of that load and started again on the same data folder. Then every
 * write that was answered with success before the kill must be there, and no refresh token that a confirmed rotation
 * retired may work again.
 */
class CrashRecoveryTest {

    private static final String SYSTEM_SCOPE = "system/Organization.cruds system/Patient.rs";
    private static final String USER_SCOPE = "launch launch/patient openid offline_access patient/Patient.rs";

    private final Http http = new Http();

    @Test
    void everyWriteConfirmedBeforeAKillSurvivesTheRestartAndNoRetiredRefreshTokenWorks(@TempDir Path folder)
            throws Exception {
        crashAndRecover(folder, List.of());
    }

    @Test
    void onPostgresqlEveryWriteConfirmedBeforeAKillSurvivesTheRestartAndNoRetiredRefreshTokenWorks(
            @TempDir Path folder) throws Exception {
        Optional<PostgresCluster> cluster = PostgresCluster.shared();
        assumeTrue(cluster.isPresent(), "PostgreSQL is not installed here (CI installs it)");
        PostgresCluster.Database database = cluster.get().newDatabase();
        crashAndRecover(folder, List.of("--database-url=" + database.jdbcUrl(),
                "--database-username=" + database.username(), "--database-password=" + database.password()));
    }

    /** Runs the load, kills the server, restarts it on the same data and checks every confirmed write. */
    void crashAndRecover(Path folder, List<String> serverArgs) throws Exception {
        int port = SampleServerFixture.freePort();
        Path dataDir = Files.createDirectories(folder.resolve("data"));
        Path log = folder.resolve("server.log");
        Confirmed confirmed = new Confirmed();
        Clients clients;
        SampleServerProcess server = SampleServerProcess.start(port, dataDir, log,
                SampleServerProcess.TEST_JVM_OPTIONS, serverArgs);
        try {
            clients = Clients.prepare(http, server);
            Load load = new Load(http, server, clients, confirmed);
            load.runUntilKilled(server);
            assertEquals(List.of(), confirmed.failuresBeforeKill,
                    "requests failed before the kill (server log: " + log + ")");
        } finally {
            server.close();
        }

        try (SampleServerProcess restarted = SampleServerProcess.start(port, dataDir, log,
                SampleServerProcess.TEST_JVM_OPTIONS, serverArgs)) {
            List<String> lost = new Recovery(http, restarted, clients, confirmed).lostWrites();
            System.out.println("Crash test: confirmed before the kill and checked after the restart: "
                    + confirmed.summary() + "; lost: " + lost.size());
            assertEquals(List.of(), lost, "confirmed before the kill, missing or wrong after the restart ("
                    + confirmed.summary() + "; server log: " + log + ")");
        }
    }

    /** What the load generator saw confirmed (a success answer received), and what failed while the server ran. */
    static final class Confirmed {
        final List<String[]> registrations = Collections.synchronizedList(new ArrayList<>()); // id, secret
        final List<String> usedAssertions = Collections.synchronizedList(new ArrayList<>());
        final List<String> accessTokens = Collections.synchronizedList(new ArrayList<>());
        final List<String> organizations = Collections.synchronizedList(new ArrayList<>());
        final List<String> launches = Collections.synchronizedList(new ArrayList<>());
        final List<RefreshChain> chains = Collections.synchronizedList(new ArrayList<>());
        final List<String> failuresBeforeKill = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger reads = new AtomicInteger();

        String summary() {
            return "%d registrations, %d grants, %d FHIR creates, %d launches, %d rotations, %d reads".formatted(
                    registrations.size(), usedAssertions.size(), organizations.size(), launches.size(),
                    chains.stream().mapToInt(c -> c.rotations).sum(), reads.get());
        }
    }

    /**
     * One refresh-token chain: the current token and the one that the last confirmed rotation retired. A chain that
     * {@code stopsBeforeKill} has no rotation in flight at the kill, so its current token is known to be live.
     */
    static final class RefreshChain {
        final SmartApp app;
        final boolean stopsBeforeKill;
        volatile String current;
        volatile String retired;
        volatile int rotations;

        RefreshChain(SmartApp app, String first, boolean stopsBeforeKill) {
            this.app = app;
            this.current = first;
            this.stopsBeforeKill = stopsBeforeKill;
        }
    }

    /** The clients the load uses, registered and authorized before it starts. */
    record Clients(BackendClient backend, String systemToken, SmartApp launchApp, List<RefreshChain> chains) {

        static Clients prepare(Http http, ServerAddress server) {
            BackendClient backend = BackendClient.es384().registerWithJwks(http, server, SYSTEM_SCOPE);
            Http.Response token = http.postForm(server.rootUrl() + "/auth/token",
                    BackendClient.tokenForm(backend.assertion(server.rootUrl() + "/auth/token"), SYSTEM_SCOPE));
            assertEquals(200, token.status(), token.body());
            SmartApp launchApp = SmartApp.registerPublic(http, server, USER_SCOPE);
            List<RefreshChain> chains = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SmartApp app = SmartApp.registerConfidential(http, server, USER_SCOPE);
                SmartApp.Attempt attempt = SmartApp.attempt();
                String location = new PageSession(server).authorize(app.authorizeUrl(app.authorizeParams(
                        "launch/patient offline_access patient/Patient.rs", attempt)), "patient", "demo-patient",
                        null, checked -> checked);
                Http.Response exchanged = app.exchange(PageSession.param(location, "code"), attempt.verifier());
                assertEquals(200, exchanged.status(), exchanged.body());
                chains.add(new RefreshChain(app, exchanged.json().path("refresh_token").asText(), i % 2 == 0));
            }
            return new Clients(backend, token.json().path("access_token").asText(), launchApp, chains);
        }
    }

    /**
     * Eight concurrent clients, each repeating one kind of request until the server is killed: registrations,
     * grants, FHIR creates, launch contexts with FHIR searches, and four refresh-token chains.
     */
    static final class Load {
        private final Http http;
        private final ServerAddress server;
        private final Clients clients;
        private final Confirmed confirmed;
        private final AtomicBoolean killing = new AtomicBoolean();
        private final AtomicBoolean quiesce = new AtomicBoolean();

        Load(Http http, ServerAddress server, Clients clients, Confirmed confirmed) {
            this.http = http;
            this.server = server;
            this.clients = clients;
            this.confirmed = confirmed;
            confirmed.chains.addAll(clients.chains());
        }

        void runUntilKilled(SampleServerProcess process) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> steady = new ArrayList<>();
            List<Future<?>> stopping = new ArrayList<>();
            steady.add(pool.submit(() -> repeat(this::register)));
            steady.add(pool.submit(() -> repeat(this::clientCredentials)));
            steady.add(pool.submit(() -> repeat(this::createOrganization)));
            steady.add(pool.submit(() -> repeat(this::launchOrRead)));
            for (RefreshChain chain : clients.chains()) {
                (chain.stopsBeforeKill ? stopping : steady).add(pool.submit(() -> repeat(() -> rotate(chain))));
            }
            // Kill once every kind of write has been confirmed a number of times (a condition, not a fixed time).
            try {
                await("every kind of write confirmed").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(100)).until(() -> confirmed.registrations.size() >= 10
                        && confirmed.usedAssertions.size() >= 30 && confirmed.organizations.size() >= 30
                        && confirmed.launches.size() >= 10 && clients.chains().stream().allMatch(c -> c.rotations >= 5)
                        || !confirmed.failuresBeforeKill.isEmpty()
                        || steady.stream().anyMatch(Future::isDone) || stopping.stream().anyMatch(Future::isDone));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("Not every kind of write was confirmed within 2 minutes: "
                        + confirmed.summary(), e);
            }
            for (Future<?> client : steady) {
                if (client.isDone()) {
                    client.get(); // a client that ended before the kill: its exception says why
                }
            }
            // Two chains finish the rotation they have in flight and stop: their last confirmed rotation is then
            // milliseconds old at the kill, and their current token must work afterwards.
            quiesce.set(true);
            for (Future<?> chain : stopping) {
                chain.get(1, TimeUnit.MINUTES);
            }
            killing.set(true);
            process.kill();
            for (Future<?> client : steady) {
                client.get(1, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }

        private void repeat(Runnable request) {
            while (!killing.get()) {
                try {
                    request.run();
                } catch (UncheckedIOException | IllegalStateException e) {
                    if (!killing.get()) {
                        confirmed.failuresBeforeKill.add(e.toString());
                    }
                    return;
                } catch (QuiesceSignal stop) {
                    return;
                }
            }
        }

        private void register() {
            Http.Response response = http.postJson(server.rootUrl() + "/auth/register", """
                    {"client_name": "crash test", "redirect_uris": ["http://localhost:9/cb"],
                     "token_endpoint_auth_method": "client_secret_basic",
                     "grant_types": ["authorization_code", "refresh_token"], "scope": "patient/*.rs"}""");
            if (expect(201, response, "registration")) {
                confirmed.registrations.add(new String[] {response.json().path("client_id").asText(),
                        response.json().path("client_secret").asText()});
            }
        }

        private void clientCredentials() {
            String assertion = clients.backend().assertion(server.rootUrl() + "/auth/token");
            Http.Response response = http.postForm(server.rootUrl() + "/auth/token",
                    BackendClient.tokenForm(assertion, SYSTEM_SCOPE));
            if (expect(200, response, "client_credentials grant")) {
                confirmed.usedAssertions.add(assertion);
                confirmed.accessTokens.add(response.json().path("access_token").asText());
            }
        }

        private void createOrganization() {
            Http.Response response = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.fhirBase() + "/Organization"))
                    .header("Authorization", "Bearer " + clients.systemToken())
                    .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"resourceType\":\"Organization\",\"name\":\"Crash test clinic\"}")).build());
            if (expect(201, response, "FHIR create")) {
                confirmed.organizations.add(response.json().path("id").asText());
            }
        }

        private void launchOrRead() {
            Http.Response launch = EhrLaunchTest.createLaunch(http, server,
                    Map.of("app_client_id", clients.launchApp().clientId()));
            if (expect(201, launch, "launch context")) {
                confirmed.launches.add(launch.json().path("launch").asText());
            }
            Http.Response read = http.get(server.fhirBase() + "/Organization?_count=5", "Authorization",
                    "Bearer " + clients.systemToken(), "Accept", "application/fhir+json");
            if (expect(200, read, "FHIR search")) {
                confirmed.reads.incrementAndGet();
            }
        }

        private void rotate(RefreshChain chain) {
            if (chain.stopsBeforeKill && quiesce.get()) {
                throw new QuiesceSignal();
            }
            Http.Response response = chain.app.refresh(chain.current, null);
            if (expect(200, response, "refresh-token rotation")) {
                chain.retired = chain.current;
                chain.current = response.json().path("refresh_token").asText();
                chain.rotations++;
            }
        }

        /** Whether the answer is the expected success; any other answer while the server runs is a failure. */
        private boolean expect(int status, Http.Response response, String what) {
            if (response.status() == status) {
                return true;
            }
            if (!killing.get()) {
                confirmed.failuresBeforeKill.add(what + ": " + response.status() + " " + response.body());
            }
            return false;
        }
    }

    /** Thrown inside a chain that was asked to stop before the kill. */
    private static final class QuiesceSignal extends RuntimeException {
        QuiesceSignal() {
            super(null, null, false, false);
        }
    }

    /** Checks, on the restarted server, each write that was confirmed before the kill. */
    static final class Recovery {
        private final Http http;
        private final ServerAddress server;
        private final Clients clients;
        private final Confirmed confirmed;
        private final List<String> lost = new ArrayList<>();

        Recovery(Http http, ServerAddress server, Clients clients, Confirmed confirmed) {
            this.http = http;
            this.server = server;
            this.clients = clients;
            this.confirmed = confirmed;
        }

        List<String> lostWrites() {
            for (String[] client : confirmed.registrations) {
                // Any registered client may call introspection; an unknown one is refused with 401.
                Http.Response response = http.postForm(server.rootUrl() + "/auth/introspect", "token=x",
                        "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                (client[0] + ":" + client[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                check(response.status() == 200, "registered client " + client[0] + ": " + response.status());
            }
            for (String assertion : confirmed.usedAssertions) {
                Http.Response replay = http.postForm(server.rootUrl() + "/auth/token",
                        BackendClient.tokenForm(assertion, SYSTEM_SCOPE));
                check(replay.status() == 401, "assertion used before the kill accepted again: " + replay.status());
            }
            for (String accessToken : confirmed.accessTokens) {
                Http.Response read = http.get(server.fhirBase() + "/Organization?_count=1", "Authorization",
                        "Bearer " + accessToken, "Accept", "application/fhir+json");
                check(read.status() == 200, "access token issued before the kill refused: " + read.status());
            }
            for (String id : confirmed.organizations) {
                Http.Response read = http.get(server.fhirBase() + "/Organization/" + id, "Authorization",
                        "Bearer " + clients.systemToken(), "Accept", "application/fhir+json");
                check(read.status() == 200, "Organization/" + id + " created before the kill: " + read.status());
            }
            for (String launch : confirmed.launches) {
                check(launchAccepted(launch), "launch context " + launch + " created before the kill is unknown");
            }
            for (RefreshChain chain : confirmed.chains) {
                if (chain.stopsBeforeKill) {
                    // No rotation was in flight at the kill: the last confirmed token is the live one.
                    Http.Response live = chain.app.refresh(chain.current, null);
                    check(live.status() == 200, "refresh token confirmed before the kill refused: " + live.body());
                }
                // The token retired by the last confirmed rotation, whatever else was in flight at the kill.
                Http.Response retired = chain.app.refresh(chain.retired, null);
                check(retired.status() == 400 && "invalid_grant".equals(retired.json().path("error").asText()),
                        "a retired refresh token was accepted again: " + retired.status() + " " + retired.body());
            }
            return lost;
        }

        /** Whether the authorization endpoint takes the launch value (it moves on to its pages). */
        private boolean launchAccepted(String launch) {
            SmartApp app = clients.launchApp();
            Map<String, String> params = app.authorizeParams(USER_SCOPE, SmartApp.attempt());
            params.put("launch", launch);
            PageSession.Page page = new PageSession(server).get(app.authorizeUrl(params));
            return page.status() == 302 && page.location().startsWith("/auth/authorize?txn=");
        }

        private void check(boolean ok, String what) {
            if (!ok) {
                lost.add(what);
            }
        }
    }
}
