package io.github.hapismart.boot;

/**
 * A {@code smart.*} property whose value cannot work, found at start before anything is built. {@link #property()}
 * is the property's full name as written in {@code application.yaml}; the message says what is wrong and never
 * contains a secret.
 */
public final class InvalidSmartPropertyException extends IllegalStateException {

    private final String property;

    public InvalidSmartPropertyException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    /** The full name of the wrong property, e.g. {@code smart.fhir-base-url}. */
    public String property() {
        return property;
    }
}
