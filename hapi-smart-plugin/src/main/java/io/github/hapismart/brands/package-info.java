/**
 * SMART App Launch 2.2 User-Access Brands: the Brand Bundle (an Organization and the Endpoint of this FHIR base, per
 * the IG's UserAccessBrand, UserAccessEndpoint and UserAccessBrandsBundle profiles) built from the settings, and the
 * endpoint that serves it. Plain JSON, no HAPI model. May depend on config and web.
 */
package io.github.hapismart.brands;
