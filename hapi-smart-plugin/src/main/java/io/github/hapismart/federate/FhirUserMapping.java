package io.github.hapismart.federate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an upstream identity becomes a {@code fhirUser}. Parsed from one setting:
 * <ul>
 *   <li>{@code claim:<name>}: the id_token claim {@code name} holds it, as {@code Practitioner/123} or as an absolute
 *       URL under this server's FHIR base;</li>
 *   <li>{@code search:<template> <template> ...}: FHIR identifier searches with id_token claims filled in, e.g.
 *       {@code Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|{npi}}; a template whose claims are missing is
 *       skipped; exactly one resource over all of them must match;</li>
 *   <li>{@code table}: the link table of the plugin's database ({@link UpstreamIdentities}), by issuer and
 *       {@code sub}.</li>
 * </ul>
 */
public sealed interface FhirUserMapping {

    /** The claim {@code name} holds the fhirUser. */
    record Claim(String name) implements FhirUserMapping {
        public Claim {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("claim: needs a claim name");
            }
        }
    }

    /** Identifier searches, e.g. {@code Patient?identifier=urn:mrn|{mrn}}. */
    record Search(List<String> templates) implements FhirUserMapping {
        private static final Pattern FORM = Pattern.compile("[A-Z][A-Za-z]+\\?identifier=([^|&]*\\|)?[^|&]*\\{[^}]+}");

        public Search {
            templates = List.copyOf(templates);
            if (templates.isEmpty()) {
                throw new IllegalArgumentException("search: needs at least one Type?identifier=system|{claim}");
            }
            for (String template : templates) {
                if (!FORM.matcher(template).matches()) {
                    throw new IllegalArgumentException("search: " + template
                            + " is not of the form Type?identifier=system|{claim}");
                }
            }
        }

        /** The claims a template reads, e.g. {@code npi} in {@code ...|{npi}}. */
        static List<String> claimsOf(String template) {
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
            List<String> claims = new java.util.ArrayList<>();
            while (m.find()) {
                claims.add(m.group(1));
            }
            return claims;
        }
    }

    /** The link table of the plugin's database. */
    record Table() implements FhirUserMapping {
    }

    /** Parses {@code claim:<name>}, {@code search:<templates>} or {@code table}. */
    static FhirUserMapping parse(String value) {
        String v = Objects.requireNonNull(value, "fhir-user mapping").strip();
        if (v.startsWith("claim:")) {
            return new Claim(v.substring(6).strip());
        }
        if (v.startsWith("search:")) {
            return new Search(Arrays.stream(v.substring(7).strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        }
        if (v.equals("table")) {
            return new Table();
        }
        throw new IllegalArgumentException("fhir-user mapping must be claim:<name>, search:<Type?identifier=system|{claim}>"
                + " or table, not " + v);
    }
}
