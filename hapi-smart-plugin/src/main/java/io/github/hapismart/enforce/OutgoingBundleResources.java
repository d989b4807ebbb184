package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources of an outgoing R4 search, history or page Bundle that HAPI's {@link AuthorizationInterceptor} checks
 * one by one, found without its walk of every element of the Bundle ({@code FhirTerser}, ~1 µs per entry, most of
 * the interceptor's cost on a page of 50).
 *
 * <p>Guarantee: when {@link #of} answers a list, it is the list HAPI's
 * {@link AuthorizationInterceptor#toListOfResourcesAndExcludeContainer} gives for the same Bundle, in the same order
 * (each non-empty {@code entry.resource} and {@code entry.response.outcome}, OperationOutcomes left out); HAPI's walk
 * finds nothing else in such a Bundle, because only an extension (a {@code valueReference} holding a resource), an
 * {@code identifier.assigner} or a {@code signature} could hold one. When the Bundle has any of those, or is not a
 * plain R4 {@link Bundle}, {@link #of} answers {@code null} and the caller must use HAPI's walk.
 * {@code OutgoingBundleResourcesTest} compares both on every element where an extension can sit.
 */
final class OutgoingBundleResources {

    private OutgoingBundleResources() {
    }

    /**
     * The resources HAPI would check in {@code response}, or {@code null} if this class cannot vouch for the list:
     * not an R4 {@link Bundle} whose children HAPI examines (a document, message or collection is checked whole), or
     * one with an extension, identifier or signature anywhere outside its resources.
     */
    static List<IBaseResource> of(IBaseResource response) {
        if (response == null || response.getClass() != Bundle.class) {
            return null;
        }
        Bundle bundle = (Bundle) response;
        if (!examinesEntries(bundle) || !plainBundle(bundle)) {
            return null;
        }
        List<IBaseResource> resources = new ArrayList<>(bundle.getEntry().size());
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry == null || entry.isEmpty()) {
                continue;
            }
            if (!plainEntry(entry)) {
                return null;
            }
            add(resources, entry.getResource());
            if (entry.hasResponse()) {
                add(resources, entry.getResponse().getOutcome());
            }
        }
        return resources;
    }

    private static void add(List<IBaseResource> resources, Resource resource) {
        if (resource != null && !resource.isEmpty() && !(resource instanceof IBaseOperationOutcome)) {
            resources.add(resource);
        }
    }

    /** HAPI examines the entries of every Bundle but a document, a message and a collection. */
    private static boolean examinesEntries(Bundle bundle) {
        Bundle.BundleType type = bundle.getTypeElement().getValue();
        return type != Bundle.BundleType.DOCUMENT && type != Bundle.BundleType.MESSAGE
                && type != Bundle.BundleType.COLLECTION;
    }

    /** The Bundle's own elements (not its entries) hold no extension, identifier or signature. */
    private static boolean plainBundle(Bundle bundle) {
        if (bundle.hasIdentifier() || bundle.hasSignature()) {
            return false;
        }
        if (!plain(bundle.hasIdElement() ? bundle.getIdElement() : null)
                || !plain(bundle.hasImplicitRulesElement() ? bundle.getImplicitRulesElement() : null)
                || !plain(bundle.hasLanguageElement() ? bundle.getLanguageElement() : null)
                || !plain(bundle.hasTypeElement() ? bundle.getTypeElement() : null)
                || !plain(bundle.hasTimestampElement() ? bundle.getTimestampElement() : null)
                || !plain(bundle.hasTotalElement() ? bundle.getTotalElement() : null)
                || (bundle.hasMeta() && !plainMeta(bundle.getMeta()))) {
            return false;
        }
        for (Bundle.BundleLinkComponent link : bundle.getLink()) {
            if (!plainLink(link)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainMeta(Meta meta) {
        if (!plainElement(meta)
                || !plain(meta.hasVersionIdElement() ? meta.getVersionIdElement() : null)
                || !plain(meta.hasLastUpdatedElement() ? meta.getLastUpdatedElement() : null)
                || !plain(meta.hasSourceElement() ? meta.getSourceElement() : null)) {
            return false;
        }
        for (PrimitiveType<?> profile : meta.getProfile()) {
            if (!plain(profile)) {
                return false;
            }
        }
        for (Coding coding : meta.getSecurity()) {
            if (!plainCoding(coding)) {
                return false;
            }
        }
        for (Coding coding : meta.getTag()) {
            if (!plainCoding(coding)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainCoding(Coding coding) {
        return coding == null || coding.isEmpty() || (plainElement(coding)
                && plain(coding.hasSystemElement() ? coding.getSystemElement() : null)
                && plain(coding.hasVersionElement() ? coding.getVersionElement() : null)
                && plain(coding.hasCodeElement() ? coding.getCodeElement() : null)
                && plain(coding.hasDisplayElement() ? coding.getDisplayElement() : null)
                && plain(coding.hasUserSelectedElement() ? coding.getUserSelectedElement() : null));
    }

    private static boolean plainLink(Bundle.BundleLinkComponent link) {
        return link == null || link.isEmpty() || (plainBackbone(link)
                && plain(link.hasRelationElement() ? link.getRelationElement() : null)
                && plain(link.hasUrlElement() ? link.getUrlElement() : null));
    }

    private static boolean plainEntry(Bundle.BundleEntryComponent entry) {
        if (!plainBackbone(entry) || !plain(entry.hasFullUrlElement() ? entry.getFullUrlElement() : null)) {
            return false;
        }
        for (Bundle.BundleLinkComponent link : entry.getLink()) {
            if (!plainLink(link)) {
                return false;
            }
        }
        if (entry.hasSearch()) {
            Bundle.BundleEntrySearchComponent search = entry.getSearch();
            if (!plainBackbone(search)
                    || !plain(search.hasModeElement() ? search.getModeElement() : null)
                    || !plain(search.hasScoreElement() ? search.getScoreElement() : null)) {
                return false;
            }
        }
        if (entry.hasRequest()) {
            Bundle.BundleEntryRequestComponent request = entry.getRequest();
            if (!plainBackbone(request)
                    || !plain(request.hasMethodElement() ? request.getMethodElement() : null)
                    || !plain(request.hasUrlElement() ? request.getUrlElement() : null)
                    || !plain(request.hasIfNoneMatchElement() ? request.getIfNoneMatchElement() : null)
                    || !plain(request.hasIfModifiedSinceElement() ? request.getIfModifiedSinceElement() : null)
                    || !plain(request.hasIfMatchElement() ? request.getIfMatchElement() : null)
                    || !plain(request.hasIfNoneExistElement() ? request.getIfNoneExistElement() : null)) {
                return false;
            }
        }
        if (entry.hasResponse()) {
            Bundle.BundleEntryResponseComponent response = entry.getResponse();
            return plainBackbone(response)
                    && plain(response.hasStatusElement() ? response.getStatusElement() : null)
                    && plain(response.hasLocationElement() ? response.getLocationElement() : null)
                    && plain(response.hasEtagElement() ? response.getEtagElement() : null)
                    && plain(response.hasLastModifiedElement() ? response.getLastModifiedElement() : null);
        }
        return true;
    }

    private static boolean plainBackbone(BackboneElement element) {
        return plainElement(element) && !element.hasModifierExtension();
    }

    /** No extension on the element, nor on its {@code id}. */
    private static boolean plainElement(Element element) {
        return !element.hasExtension() && (!element.hasIdElement() || !element.getIdElement().hasExtension());
    }

    /** A primitive without extensions (or absent). */
    private static boolean plain(Element primitive) {
        return primitive == null || plainElement(primitive);
    }
}
