package io.github.hapismart.conformance;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code bulk_data_authorization} of the Multi-Patient Authorization and API scenario
 * ({@code multi_patient_api_stu2}): the kit's defaults, scope {@code system/*.read} and ES384, and its stricter
 * statuses (exactly 400 for a wrong grant_type or client_assertion_type).
 */
@DisplayName("g10_certification / multi_patient_api_stu2 / bulk_data_authorization: Bulk Data Authorization")
class ConformanceG10BulkDataAuthorizationTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        // The g(10) kit takes the token endpoint as an input (bulk_token_endpoint); the tester copies it from
        // discovery.
        AuthInfo auth = withEndpoints(
                InfernoRegistration.backend(http, server, jwks, JWSAlgorithm.ES384, "system/*.read"));
        return List.of(G10Groups.bulkDataAuthorization(new BackendServicesSteps(http, auth), auth));
    }
}
