/**
 * The OpenID Connect UserInfo endpoint: the claims about the user of a bearer access token. May depend on config,
 * scope, token, user and web.
 */
package io.github.hapismart.userinfo;
