package io.github.hapismart.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WWW-Authenticate policy (docs/configuration.md): Basic for client authentication, RFC 6750 for bearer tokens. */
class AuthChallengeTest {

    @ParameterizedTest(name = "{0} endpoint, Authorization \"{1}\": {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            client | none       | Basic realm="test"
            client | Bearer abc | Basic realm="test"
            client | Basic YTpi | Basic realm="test"
            bearer | none       | Bearer realm="test"
            bearer | Basic YTpi | Bearer realm="test"
            bearer | Bearer     | Bearer realm="test"
            bearer | Bearer bad | Bearer realm="test", error="invalid_token"
            """)
    void aFailedAuthenticationIsChallengedByThePolicy(String endpoint, String authorization, String expected) {
        AuthChallenge challenge = endpoint.equals("client") ? AuthChallenge.client("test") : AuthChallenge.bearer("test");
        FakeExchange exchange = FakeExchange.post();
        if (authorization != null) {
            exchange.header("Authorization", authorization);
        }
        assertEquals(expected, challenge.header(exchange.request()));
    }
}
