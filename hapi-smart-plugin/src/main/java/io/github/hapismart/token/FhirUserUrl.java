package io.github.hapismart.token;

import io.github.hapismart.config.SmartSettings;

/**
 * The one form in which the server states a user's {@code fhirUser} to clients: the absolute URL of the user's FHIR
 * resource under the FHIR base. The id_token, introspection and userinfo all use it, so a client that compares them
 * (as Inferno's introspection tests do) finds the same value; access tokens keep the relative reference the FHIR API
 * enforces with.
 */
public final class FhirUserUrl {

    private FhirUserUrl() {
    }

    /** {@code <fhirBase>/<relativeReference>}, or the value itself when it is already absolute. */
    public static String of(SmartSettings settings, String relativeReference) {
        if (relativeReference.startsWith("https://") || relativeReference.startsWith("http://")) {
            return relativeReference;
        }
        return settings.fhirBaseUrl() + "/" + relativeReference;
    }
}
