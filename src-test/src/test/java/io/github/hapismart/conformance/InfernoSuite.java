package io.github.hapismart.conformance;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.hapismart.it.Http;
import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The frame of a conformance class that mirrors one Inferno test group (or test suite part): a subclass supplies only
 * its set-up, {@link #groups}, which registers the client as the tester would and composes the shared group
 * definitions of {@link InfernoGroups}; this class runs their steps in order against the shared sample server (over
 * HTTPS, {@link SharedHttpsServer}), as
 * dynamic tests named exactly as Inferno names them. The HTTP client, the client's key server and the browser (made on
 * first use) are closed after the class.
 */
@ExtendWith(SharedHttpsServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InfernoSuite {

    /** Trusts the shared server's certificate; made once the server is known. */
    Http http;
    final InfernoJwks jwks = new InfernoJwks();
    private Tester tester;
    /** The shared sample server, known once the tests start (JUnit resolves it for the factory). */
    private SampleServerFixture server;

    /** The groups this class mirrors, in Inferno's order, with the client registered and the launch planned. */
    abstract List<InfernoGroup> groups(SampleServerFixture server) throws Exception;

    /** The tester's browser, opened on first use (backend-services groups need none). */
    final Tester tester() {
        if (tester == null) {
            tester = new Tester();
        }
        return tester;
    }

    /** An app registered as the tester registers Inferno's client, signing with {@code algorithm} if asymmetric. */
    final AuthInfo app(AuthInfo.Type type, String scopes, JWSAlgorithm algorithm) {
        return InfernoRegistration.app(http, server, type, scopes, jwks, algorithm);
    }

    /** {@link #app(AuthInfo.Type, String, JWSAlgorithm)} for a public or symmetric client. */
    final AuthInfo app(AuthInfo.Type type, String scopes) {
        return app(type, scopes, null);
    }

    /**
     * {@code auth} with the endpoints found by discovery, for the groups that take them as inputs (the tester copies
     * them from the well-known document); groups that start with discovery find them themselves.
     */
    final AuthInfo withEndpoints(AuthInfo auth) {
        new DiscoverySteps(http, server).wellKnownEndpoint(auth);
        return auth;
    }

    /** The steps of a launch that {@code auth}'s client makes as {@code plan} says. */
    final LaunchSteps launch(AuthInfo auth, LaunchPlan plan) {
        return new LaunchSteps(http, server, auth, tester(), plan);
    }

    @TestFactory
    @DisplayName("Inferno")
    final Stream<DynamicTest> inferno(SampleServerFixture fixture) throws Exception {
        this.server = fixture;
        this.http = new Http(fixture.tls());
        return groups(server).stream().flatMap(InfernoGroup::tests);
    }

    @AfterAll
    final void close() {
        if (tester != null) {
            tester.close();
        }
        jwks.close();
    }
}
