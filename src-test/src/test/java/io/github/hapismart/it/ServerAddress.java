package io.github.hapismart.it;

/**
 * Where a running sample server is reached over HTTP, whether it runs in the test's JVM ({@link SampleServerFixture})
 * or as its own process ({@link SampleServerProcess}); the client helpers need nothing else.
 */
public interface ServerAddress {

    /** The server root, e.g. {@code http://localhost:8080}. */
    String rootUrl();

    /** The FHIR base, {@code <root>/fhir}. */
    default String fhirBase() {
        return rootUrl() + "/fhir";
    }
}
