package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Map;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Adds SMART's security block to the generated R4 CapabilityStatement: the {@code SMART-on-FHIR} service coding and
 * the {@code oauth-uris} extension with the endpoints the server really serves.
 */
@Interceptor
public final class SmartCapabilityStatementInterceptor {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
    static final String SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";

    private final Supplier<Map<String, String>> oauthUris;

    /** @param oauthUris sub-extension name ({@code authorize}, {@code token}, ...) → absolute URL */
    public SmartCapabilityStatementInterceptor(Map<String, String> oauthUris) {
        Map<String, String> fixed = Map.copyOf(oauthUris);
        this.oauthUris = () -> fixed;
    }

    /** As above, asked each time the statement is generated (resource-server mode: the external server's). */
    public SmartCapabilityStatementInterceptor(Supplier<Map<String, String>> oauthUris) {
        this.oauthUris = oauthUris;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void addSecurity(IBaseConformance conformance) {
        if (!(conformance instanceof CapabilityStatement statement)) {
            return;
        }
        if (statement.getRest().isEmpty()) {
            statement.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        }
        Map<String, String> oauthUris = this.oauthUris.get();
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.setCors(true);
            security.getService().removeIf(c -> c.hasCoding(SERVICE_SYSTEM, "SMART-on-FHIR"));
            CodeableConcept service = new CodeableConcept()
                    .setText("OAuth2 using SMART-on-FHIR profile (see https://hl7.org/fhir/smart-app-launch/)");
            service.addCoding().setSystem(SERVICE_SYSTEM).setCode("SMART-on-FHIR").setDisplay("SMART-on-FHIR");
            security.addService(service);
            security.removeExtension(OAUTH_URIS);
            Extension uris = security.addExtension().setUrl(OAUTH_URIS);
            for (String name : new String[] {"authorize", "token", "register", "manage", "introspect", "revoke"}) {
                String url = oauthUris.get(name);
                if (url != null) {
                    uris.addExtension(name, new UriType(url));
                }
            }
        }
    }
}
