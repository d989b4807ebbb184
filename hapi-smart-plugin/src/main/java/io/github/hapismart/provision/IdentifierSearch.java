package io.github.hapismart.provision;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared {@code fhirUser} given as a search, {@code Practitioner?identifier=system|value}, for servers that
 * assign ids themselves (the id of the demo practitioner is not known before the data is loaded).
 *
 * @param resourceType the resource type searched
 * @param system       the identifier system, empty for any
 * @param value        the identifier value
 */
public record IdentifierSearch(String resourceType, Optional<String> system, String value) {

    private static final Pattern FORM = Pattern.compile("([A-Z][A-Za-z]+)\\?identifier=(?:([^|&]*)\\|)?([^|&]+)");

    /** The search {@code fhirUser} stands for, if it has this form. */
    public static Optional<IdentifierSearch> parse(String fhirUser) {
        Matcher matcher = FORM.matcher(fhirUser);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new IdentifierSearch(matcher.group(1),
                Optional.ofNullable(matcher.group(2)).filter(s -> !s.isEmpty()), matcher.group(3)));
    }
}
