package io.github.hapismart.it;

import java.util.Optional;

/**
 * Where the tests that need tokens of any shape (the leak suites) get them: minted in-process as the plugin issues
 * them ({@link #of(SampleServerFixture)}), or from the external authorization server of resource-server mode
 * ({@link ExternalTokenProvider}). The same cases then run against either.
 */
@FunctionalInterface
public interface TestTokens {

    /** An access token for {@code clientId} with {@code scopes}, bound to {@code patient} and {@code fhirUser}. */
    String mint(String clientId, String scopes, Optional<String> patient, Optional<String> fhirUser);

    /** Tokens minted in-process by the plugin of {@code server}, as its token endpoint would issue them. */
    static TestTokens of(SampleServerFixture server) {
        return (clientId, scopes, patient, fhirUser) -> server.server().application().plugin().authorizationServer()
                .accessTokens().issue(new io.github.hapismart.token.AccessTokenService.TokenRequest(clientId,
                        "leak-test-user", io.github.hapismart.scope.ScopeSet.parse(scopes), patient,
                        Optional.empty(), fhirUser, java.time.Duration.ofHours(1), Optional.empty())).value();
    }
}
