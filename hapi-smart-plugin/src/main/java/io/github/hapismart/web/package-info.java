/**
 * Servlet helpers shared by the endpoints: OAuth errors as values, JSON rendering, form parameters, CORS. May depend on config.
 */
package io.github.hapismart.web;
