package io.github.hapismart.config;

/**
 * How the plugin's CORS policy ({@link SmartSettings#corsAllowedOrigins()}, no credentials) coexists with a CORS
 * configuration the host FHIR server already has (HAPI's {@code CorsInterceptor} on the {@code RestfulServer}, as
 * hapi-fhir-jpaserver-starter registers from {@code hapi.fhir.cors}). Outside the FHIR servlet (the {@code /auth}
 * endpoints) the plugin's policy applies in every mode: the host's configuration does not reach there.
 */
public enum CorsMode {

    /**
     * The default. On the FHIR API, an origin the host's CORS configuration allows is answered by the host exactly as
     * it configured it (credentials, headers, preflight); any other origin the plugin allows gets the plugin's policy.
     * Where the host has no CORS configuration, the same as {@link #PLUGIN}.
     */
    MERGE,

    /** On the FHIR API only the host answers CORS (nothing, if it has no CORS configuration); the plugin never does. */
    HOST,

    /** The plugin's policy on every path, the FHIR API included; the host's CORS configuration no longer applies. */
    PLUGIN
}
