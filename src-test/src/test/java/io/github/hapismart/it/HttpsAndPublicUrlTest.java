package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.sample.SampleServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The sample server behind HTTPS (self-signed certificate generated on first start, TLS 1.2 and 1.3 both served) with a
 * public base URL: every advertised URL follows the public URL.
 */
class HttpsAndPublicUrlTest {

    @Test
    void httpsServesTls12And13OnlyAndDiscoveryAdvertisesThePublicUrl() throws Exception {
        int httpsPort = SampleServerFixture.freePort();
        String publicUrl = "https://localhost:" + httpsPort;
        try (SampleServerFixture server = SampleServerFixture.start(options -> new SampleServerOptions(
                options.port(), Optional.of(httpsPort), Optional.empty(), options.keystorePassword(),
                options.dataDir(), Optional.of(publicUrl), Optional.empty(), false, 0))) {
            SSLContext trustAll = trustAll();
            for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
                HttpClient client = HttpClient.newBuilder().sslContext(trustAll)
                        .sslParameters(new SSLParameters(null, new String[] {protocol})).build();
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(publicUrl + "/fhir/.well-known/smart-configuration")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), protocol);
                assertTrue(response.body().contains("\"token_endpoint\":\"" + publicUrl + "/auth/token\""),
                        response.body());
                assertTrue(response.body().contains("\"issuer\":\"" + publicUrl + "/fhir\""), response.body());
            }
            // TLS 1.0/1.1 refusal is configured in SampleServer (setIncludeProtocols) but not asserted here: this
            // JDK's client refuses to offer them at all, so such an assertion could not fail.
        }
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager[] trustEverything = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustEverything, null);
        return context;
    }
}
