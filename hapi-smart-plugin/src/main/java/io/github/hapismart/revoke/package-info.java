/**
 * RFC 7009 token revocation. May depend on client, token and web.
 */
package io.github.hapismart.revoke;
