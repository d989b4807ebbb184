/**
 * RFC 7662 token introspection. May depend on client, token, web and audit.
 */
package io.github.hapismart.introspect;
