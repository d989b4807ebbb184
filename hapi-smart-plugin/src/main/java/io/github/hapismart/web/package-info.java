/**
 * Servlet helpers shared by the endpoints: OAuth errors as values and their one rendering ({@link
 * io.github.hapismart.web.OAuthEndpoint}, the frame of every JSON endpoint, with the one {@code WWW-Authenticate}
 * policy, {@link io.github.hapismart.web.AuthChallenge}), form parameters ({@link io.github.hapismart.web.OAuthForm}),
 * CORS, and the fault barrier that turns an unexpected failure into a JSON answer. The prologue that adds client
 * authentication lives in {@code client}, which owns client authentication. May depend on config and store.
 */
package io.github.hapismart.web;
