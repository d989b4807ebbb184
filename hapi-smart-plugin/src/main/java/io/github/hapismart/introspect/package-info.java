/**
 * RFC 7662 token introspection. May depend on client, token and web.
 */
package io.github.hapismart.introspect;
