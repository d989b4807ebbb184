package io.github.hapismart.federate;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.hapismart.provision.FhirUserResolver;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies a provider's {@link FhirUserMapping} to the verified claims of its id_token. The answer is a relative
 * reference to a Practitioner, Patient, RelatedPerson or Person, or nothing: the user is then refused.
 */
final class FhirUserMapper {

    private static final Set<String> USER_TYPES = Set.of("Practitioner", "Patient", "RelatedPerson", "Person");
    /** A claim value that can sit in an identifier search without changing its meaning. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[^|&,$\\\\\\s]{1,256}");

    private final FhirUserResolver resolver;
    private final UpstreamIdentities links;
    private final String fhirBaseUrl;

    FhirUserMapper(FhirUserResolver resolver, UpstreamIdentities links, String fhirBaseUrl) {
        this.resolver = resolver;
        this.links = links;
        this.fhirBaseUrl = fhirBaseUrl;
    }

    Optional<String> map(FhirUserMapping mapping, String issuer, JWTClaimsSet claims) {
        Optional<String> mapped;
        if (mapping instanceof FhirUserMapping.Claim claim) {
            mapped = stringClaim(claims, claim.name()).map(this::relative);
        } else if (mapping instanceof FhirUserMapping.Search search) {
            mapped = search(search, claims);
        } else {
            mapped = links.find(issuer, claims.getSubject());
        }
        return mapped.filter(FhirUserMapper::isUserReference);
    }

    private Optional<String> search(FhirUserMapping.Search search, JWTClaimsSet claims) {
        Set<String> found = new LinkedHashSet<>();
        for (String template : search.templates()) {
            String query = template;
            boolean complete = true;
            for (String claim : FhirUserMapping.Search.claimsOf(template)) {
                Optional<String> value = stringClaim(claims, claim).filter(v -> SAFE_VALUE.matcher(v).matches());
                if (value.isEmpty()) {
                    complete = false;
                    break;
                }
                query = query.replace("{" + claim + "}", value.get());
            }
            if (complete) {
                resolver.resolve(query).ifPresent(found::add);
            }
        }
        // Two templates finding two resources is ambiguous: refused rather than guessed.
        return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
    }

    private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }

    /** {@code <fhir base>/Practitioner/1} as {@code Practitioner/1}; other values as they are. */
    private String relative(String value) {
        return value.startsWith(fhirBaseUrl + "/") ? value.substring(fhirBaseUrl.length() + 1) : value;
    }

    private static boolean isUserReference(String reference) {
        return FhirUserResolver.isLiteral(reference) && USER_TYPES.contains(reference.substring(0,
                reference.indexOf('/')));
    }
}
