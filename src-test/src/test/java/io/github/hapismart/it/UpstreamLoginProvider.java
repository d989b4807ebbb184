package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The organisation's identity provider in the federated-login tests: {@code js/upstream-login-provider.mjs}, a real
 * OpenID Connect provider (npm {@code oidc-provider}) run by Node.js on a free loopback port, with its own users,
 * signing key and login pages. Tests register this server as its client, and switch it into faulty modes (a
 * tampered id_token, a token endpoint that does not answer) to see how the sign-in fails.
 */
public final class UpstreamLoginProvider implements AutoCloseable {

    /** The client id and secret this server has at the provider. */
    public static final String CLIENT_ID = "smart-on-fhir";
    public static final String CLIENT_SECRET = "upstream-client-secret-for-tests";
    /** The client id this server has at the provider when it authenticates with private_key_jwt. */
    public static final String JWT_CLIENT_ID = "smart-on-fhir-jwt";

    private final NodeScript script;
    private final String issuer;
    private final ObjectMapper json = new ObjectMapper();

    private UpstreamLoginProvider(NodeScript script, String issuer) {
        this.script = script;
        this.issuer = issuer;
    }

    /** Starts the provider (not yet serving: {@link #registerClient} first). */
    public static UpstreamLoginProvider start(Map<String, String> environment) {
        NodeScript script = NodeScript.start("upstream-login-provider.mjs", environment);
        return new UpstreamLoginProvider(script, script.readJson().path("issuer").asText());
    }

    public String issuer() {
        return issuer;
    }

    /**
     * Registers the SMART server as two confidential clients redirecting to {@code callback}: {@link #CLIENT_ID}
     * (client_secret_basic) and {@link #JWT_CLIENT_ID} (private_key_jwt with the public JWK {@code publicJwk}).
     */
    public void registerClients(String callback, String publicJwk) {
        ObjectNode command = json.createObjectNode();
        ArrayNode clients = command.putArray("clients");
        ObjectNode client = clients.addObject();
        client.put("client_id", CLIENT_ID);
        client.put("client_secret", CLIENT_SECRET);
        client.putArray("redirect_uris").add(callback);
        client.put("token_endpoint_auth_method", "client_secret_basic");
        ObjectNode jwtClient = clients.addObject();
        jwtClient.put("client_id", JWT_CLIENT_ID);
        jwtClient.putArray("redirect_uris").add(callback);
        jwtClient.put("token_endpoint_auth_method", "private_key_jwt");
        try {
            jwtClient.putObject("jwks").putArray("keys").add(json.readTree(publicJwk));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        send(command);
    }

    /** How the next token responses behave: {@code normal} or one of the script's fault modes. */
    public void mode(String mode) {
        send(json.createObjectNode().put("mode", mode));
    }

    private void send(ObjectNode command) {
        script.writeLine(command.toString());
        JsonNode answer = script.readJson();
        assertTrue(answer.path("ok").asBoolean(), answer.toString());
    }

    @Override
    public void close() {
        script.close();
    }
}
