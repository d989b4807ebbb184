package io.github.hapismart.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether the host server answers CORS for a request itself, so that {@link CorsFilter} leaves it untouched (no
 * header added, no preflight answered). The plugin's {@code hapi} package answers it from HAPI's CORS configuration
 * and {@link io.github.hapismart.config.CorsMode}.
 */
@FunctionalInterface
public interface HostCors {

    /** The host answers nothing: the plugin's policy applies everywhere. */
    HostCors NONE = (request, origin) -> false;

    /** True when the host's own CORS handling should answer this cross-origin request from {@code origin}. */
    boolean answers(HttpServletRequest request, String origin);
}
