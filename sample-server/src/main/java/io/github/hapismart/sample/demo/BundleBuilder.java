package io.github.hapismart.sample.demo;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Collects resources into a transaction Bundle as POST entries. Each entry gets a {@code urn:uuid:} fullUrl
 * derived from the seed and the entry's position, so the same seed always yields the same identifiers and
 * the server still assigns the real ids.
 */
final class BundleBuilder {

    private final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    private final long seed;

    BundleBuilder(long seed) {
        this.seed = seed;
    }

    /** Adds the resource as a POST entry and returns its fullUrl, to be used in references. */
    String add(Resource resource) {
        String name = "hapismart-demo:" + seed + ":" + bundle.getEntry().size();
        String fullUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        bundle.addEntry()
                .setFullUrl(fullUrl)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType());
        return fullUrl;
    }

    Bundle build() {
        return bundle;
    }
}
