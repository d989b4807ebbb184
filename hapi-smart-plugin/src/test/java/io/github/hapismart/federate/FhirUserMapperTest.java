package io.github.hapismart.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.store.SmartDatabase;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Mapping an upstream identity to a fhirUser: by claim, by identifier search, by the link table. */
class FhirUserMapperTest {

    private static final String BASE = "https://ehr.example.org/fhir";
    private static final String ISSUER = "https://idp.example.org";
    /** A FHIR server holding one practitioner with NPI 111 and one patient with MRN m-1. */
    private static final FhirUserResolver DIRECTORY = query -> Optional.ofNullable(Map.of(
            "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|111", "Practitioner/7",
            "Patient?identifier=urn:mrn|m-1", "Patient/9").get(query));

    private final UpstreamIdentities links = new UpstreamIdentities(database());
    private final FhirUserMapper mapper = new FhirUserMapper(DIRECTORY, links, BASE);

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    private static JWTClaimsSet claims(Map<String, Object> values) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("sub-1");
        values.forEach(builder::claim);
        return builder.build();
    }

    private Optional<String> map(String mapping, Map<String, Object> values) {
        return mapper.map(FhirUserMapping.parse(mapping), ISSUER, claims(values));
    }

    private static final String SEARCH = "search:Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|{npi} "
            + "Patient?identifier=urn:mrn|{mrn}";

    @Test
    void aClaimHoldingARelativeOrAbsoluteReferenceIsTheFhirUser() {
        assertEquals(Optional.of("Practitioner/7"), map("claim:fhirUser", Map.of("fhirUser", "Practitioner/7")));
        assertEquals(Optional.of("Patient/9"), map("claim:fhirUser", Map.of("fhirUser", BASE + "/Patient/9")));
    }

    @Test
    void aClaimNamingAResourceThatIsNoUserMapsToNothing() {
        assertEquals(Optional.empty(), map("claim:fhirUser", Map.of("fhirUser", "Observation/1")));
        assertEquals(Optional.empty(), map("claim:fhirUser", Map.of()));
    }

    @Test
    void theIdentifierSearchWhoseClaimsArePresentFindsTheUser() {
        assertEquals(Optional.of("Practitioner/7"), map(SEARCH, Map.of("npi", "111")));
        assertEquals(Optional.of("Patient/9"), map(SEARCH, Map.of("mrn", "m-1")));
    }

    @Test
    void twoSearchesFindingTwoResourcesAreAmbiguousAndMapToNothing() {
        assertEquals(Optional.empty(), map(SEARCH, Map.of("npi", "111", "mrn", "m-1")));
    }

    @Test
    void aClaimValueThatWouldChangeTheSearchIsNotUsed() {
        assertEquals(Optional.empty(), map(SEARCH, Map.of("npi", "111&name=x")));
        assertEquals(Optional.empty(), map(SEARCH, Map.of("npi", "x|111")));
    }

    @Test
    void theLinkTableMapsByIssuerAndSubject() {
        assertEquals(Optional.empty(), map("table", Map.of()));
        links.link(ISSUER, "sub-1", "Practitioner/7");
        assertEquals(Optional.of("Practitioner/7"), map("table", Map.of()));
        links.link(ISSUER, "sub-1", "Patient/9");
        assertEquals(Optional.of("Patient/9"), map("table", Map.of()));
        links.unlink(ISSUER, "sub-1");
        assertEquals(Optional.empty(), map("table", Map.of()));
    }

    @Test
    void aMappingSettingThatIsNoneOfTheThreeFormsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FhirUserMapping.parse("ldap:uid"));
        assertThrows(IllegalArgumentException.class, () -> FhirUserMapping.parse("search:Practitioner?name={x}"));
    }
}
