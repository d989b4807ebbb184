package io.github.hapismart.conformance;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * SMART App Launch STU2.2 kit, group {@code smart_backend_services}: discovery, then
 * {@code backend_services_authorization} with a client registered with Inferno's JWK Set URL (RS384).
 */
@DisplayName("smart_stu2_2 / smart_backend_services: Backend Services")
class ConformanceSmartBackendServicesTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        AuthInfo auth = InfernoRegistration.backend(http, server, jwks, JWSAlgorithm.RS384, "system/*.rs");
        return List.of(InfernoGroups.discovery(new DiscoverySteps(http, server), auth),
                InfernoGroups.backendServices(new BackendServicesSteps(http, auth), auth));
    }
}
