package io.github.hapismart.config;

/** Who may use the RFC 7591 dynamic client registration endpoint. */
public enum RegistrationMode {
    /** The endpoint is not served and not advertised. */
    OFF,
    /** Anyone may register a client (suitable for test servers and Inferno runs). */
    OPEN,
    /** A caller must present one of the configured initial access tokens as a bearer token. */
    INITIAL_ACCESS_TOKEN
}
