/**
 * Servlet helpers shared by the endpoints: OAuth errors as values, JSON rendering, form parameters, CORS, and the fault barrier that turns an unexpected failure into a JSON answer. May depend on config and
 * store.
 */
package io.github.hapismart.web;
