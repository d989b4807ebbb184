package io.github.hapismart.hapi;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.provision.IdentifierSearch;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Resolves a declared user's {@code fhirUser} on a HAPI JPA server, whose ids the server assigns: a literal
 * {@code Practitioner/123} is taken as it is; {@code Practitioner?identifier=system|value} is searched (as a system
 * request) and resolves only when exactly one resource matches. Reads only.
 */
public final class JpaFhirUserResolver implements FhirUserResolver {

    private final DaoRegistry daos;

    /** A resolver on the JPA server's DAOs (HAPI's {@code DaoRegistry} bean). */
    public JpaFhirUserResolver(DaoRegistry daos) {
        this.daos = Objects.requireNonNull(daos, "daos");
    }

    @Override
    public Optional<String> resolve(String fhirUser) {
        if (FhirUserResolver.isLiteral(fhirUser)) {
            return Optional.of(fhirUser);
        }
        Optional<IdentifierSearch> search = IdentifierSearch.parse(fhirUser);
        if (search.isEmpty() || !daos.isResourceTypeSupported(search.get().resourceType())) {
            return Optional.empty();
        }
        String type = search.get().resourceType();
        TokenParam identifier = new TokenParam(search.get().system().orElse(null), search.get().value());
        List<IBaseResource> found = daos.getResourceDao(type)
                .search(SearchParameterMap.newSynchronous("identifier", identifier), new SystemRequestDetails())
                .getAllResources();
        return found.size() == 1 ? Optional.of(type + "/" + found.get(0).getIdElement().getIdPart()) : Optional.empty();
    }
}
