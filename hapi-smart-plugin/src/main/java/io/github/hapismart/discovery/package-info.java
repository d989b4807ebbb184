/**
 * The discovery documents: .well-known/smart-configuration and .well-known/openid-configuration. May depend on config.
 */
package io.github.hapismart.discovery;
