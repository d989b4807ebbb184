package io.github.hapismart.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The WWW-Authenticate policy (docs/configuration.md): Basic for client authentication, RFC 6750 for bearer tokens. */
class AuthChallengeTest {

    @Test
    void clientAuthenticationIsChallengedWithBasicWhenNoCredentialWasSent() {
        assertEquals("Basic realm=\"token\"", AuthChallenge.client("token").header(FakeExchange.post().request()));
    }

    @Test
    void clientAuthenticationIsChallengedWithBasicWhenABearerTokenWasSent() {
        assertEquals("Basic realm=\"token\"", AuthChallenge.client("token")
                .header(FakeExchange.post().header("Authorization", "Bearer abc").request()));
    }

    @Test
    void aMissingBearerTokenIsChallengedWithoutAnErrorCode() {
        assertEquals("Bearer realm=\"register\"", AuthChallenge.bearer("register")
                .header(FakeExchange.post().request()));
    }

    @Test
    void aBasicCredentialWhereABearerTokenIsExpectedCountsAsMissing() {
        assertEquals("Bearer realm=\"register\"", AuthChallenge.bearer("register")
                .header(FakeExchange.post().header("Authorization", "Basic YTpi").request()));
    }

    @Test
    void aBadBearerTokenIsChallengedWithInvalidToken() {
        assertEquals("Bearer realm=\"register\", error=\"invalid_token\"", AuthChallenge.bearer("register")
                .header(FakeExchange.post().header("Authorization", "Bearer wrong").request()));
    }
}
