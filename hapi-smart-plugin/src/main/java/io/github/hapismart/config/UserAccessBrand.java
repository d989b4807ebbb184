package io.github.hapismart.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The organization this server publishes as its SMART 2.2 User-Access Brand, with its patient portal: what apps show
 * on a "connect to my records" card. Everything the IG's UserAccessBrand profile marks must-support can be set. The
 * plugin turns it into the Brand Bundle (one Organization, one Endpoint for this FHIR base) linked from
 * smart-configuration as {@code user_access_brand_bundle}.
 *
 * @param name               the name users recognize (Organization.name, required)
 * @param website            the brand's public website (Organization.telecom, required; distinct from the portal)
 * @param logo               the brand logo, an https: or data: URL (SVG, or a 1024x1024 PNG)
 * @param logoLicense        the logo's license terms
 * @param aliases            former or other names, for search
 * @param identifiers        Organization identifiers; when empty, the IG's recommended one: system
 *                           {@code urn:ietf:rfc:3986}, value the website's origin without {@code www.}. The first is
 *                           the smart-configuration's {@code user_access_brand_identifier}.
 * @param categories         organization-type codes of the IG's user-access-category value set ({@code prov},
 *                           {@code ins}, {@code laboratory}, {@code imaging}, {@code pharmacy},
 *                           {@code health-information-network}, {@code aggregator})
 * @param addresses          places associated with the brand
 * @param portalName         the patient portal's name
 * @param portalUrl          where users manage their accounts
 * @param portalDescription  who may connect and what data there is, in the users' words (markdown)
 * @param portalLogo         the portal's own logo
 * @param developerUrl       where developers configure access to the endpoint (Endpoint.contact; default: website)
 */
public record UserAccessBrand(
        String name,
        URI website,
        Optional<URI> logo,
        Optional<URI> logoLicense,
        List<String> aliases,
        List<Identifier> identifiers,
        List<String> categories,
        List<Address> addresses,
        Optional<String> portalName,
        Optional<URI> portalUrl,
        Optional<String> portalDescription,
        Optional<URI> portalLogo,
        Optional<URI> developerUrl) {

    /** The codes of http://hl7.org/fhir/smart-app-launch/ValueSet/user-access-category (organization-type). */
    public static final Set<String> CATEGORIES = Set.of("prov", "ins", "laboratory", "imaging", "pharmacy",
            "health-information-network", "aggregator");

    /** A brand identifier ({@code system} may be empty; {@code value} is required). */
    public record Identifier(Optional<String> system, String value) {
        public Identifier {
            Objects.requireNonNull(system);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a brand identifier needs a value");
            }
        }
    }

    /** A place of the brand: any of city, state, postal code, with an ISO 3166-1 alpha-2 country. */
    public record Address(Optional<String> city, Optional<String> state, Optional<String> postalCode,
                          Optional<String> country) {
        public Address {
            Objects.requireNonNull(city);
            Objects.requireNonNull(state);
            Objects.requireNonNull(postalCode);
            Objects.requireNonNull(country);
            if (city.isEmpty() && state.isEmpty() && postalCode.isEmpty()) {
                throw new IllegalArgumentException("a brand address needs a city, a state or a postal code");
            }
            country.ifPresent(c -> require(c.matches("[A-Z]{2}"),
                    "a brand address country is an ISO 3166-1 alpha-2 code such as US"));
        }
    }

    public UserAccessBrand {
        require(name != null && !name.isBlank(), "the user-access brand needs a name");
        require(website != null && isWebUrl(website), "the user-access brand website must be an http(s) URL");
        Objects.requireNonNull(logo);
        Objects.requireNonNull(logoLicense);
        aliases = List.copyOf(aliases);
        identifiers = List.copyOf(identifiers);
        categories = List.copyOf(categories);
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(portalName);
        Objects.requireNonNull(portalUrl);
        Objects.requireNonNull(portalDescription);
        Objects.requireNonNull(portalLogo);
        Objects.requireNonNull(developerUrl);
        for (String category : categories) {
            require(CATEGORIES.contains(category), "user-access brand category " + category + " is not one of "
                    + CATEGORIES);
        }
        logo.ifPresent(u -> require(isWebUrl(u) || "data".equals(u.getScheme()),
                "the user-access brand logo must be an https: or data: URL"));
        portalLogo.ifPresent(u -> require(isWebUrl(u) || "data".equals(u.getScheme()),
                "the portal logo must be an https: or data: URL"));
        logoLicense.ifPresent(u -> require(isWebUrl(u), "the logo license must be an http(s) URL"));
        portalUrl.ifPresent(u -> require(isWebUrl(u), "the portal URL must be an http(s) URL"));
        developerUrl.ifPresent(u -> require(isWebUrl(u), "the developer URL must be an http(s) URL"));
    }

    /** A brand with only the required name and website (and the recommended identifier). */
    public static UserAccessBrand of(String name, URI website) {
        return new UserAccessBrand(name, website, Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * The identifiers as published: those configured, or the IG's recommended URL identifier made from the website
     * (its scheme and host without {@code www.}, no path).
     */
    public List<Identifier> publishedIdentifiers() {
        if (!identifiers.isEmpty()) {
            return identifiers;
        }
        String host = website.getHost().startsWith("www.") ? website.getHost().substring(4) : website.getHost();
        String origin = website.getScheme() + "://" + host + (website.getPort() == -1 ? "" : ":" + website.getPort());
        return List.of(new Identifier(Optional.of("urn:ietf:rfc:3986"), origin));
    }

    private static boolean isWebUrl(URI uri) {
        return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
