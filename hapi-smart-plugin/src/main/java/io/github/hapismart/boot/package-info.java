/**
 * The Spring Boot auto-configuration: binds every {@code smart.*} property ({@link
 * io.github.hapismart.boot.SmartProperties}), checks it ({@link io.github.hapismart.boot.ValidatedSmartProperties}),
 * and installs the plugin into the application's HAPI {@code RestfulServer} bean
 * ({@link io.github.hapismart.boot.SmartOnFhirAutoConfiguration}), provisioning declared clients and users.
 *
 * <p>Sits on top of {@code hapi}: the only package that may import Spring Boot; it may import HAPI and every other
 * package of the plugin, and nothing in the plugin depends on it. Spring Boot is an optional dependency, so nothing
 * here is loaded where Boot is absent.
 */
package io.github.hapismart.boot;
