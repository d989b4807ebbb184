package io.github.hapismart.config;

/**
 * SMART App Launch 2.2 App State ({@code smart-app-state}): whether apps may keep small state documents on the server,
 * and how large one may be.
 *
 * @param enabled  whether the App State endpoint is served and advertised (default false)
 * @param maxBytes the largest Basic resource accepted, in bytes of its JSON (default 256 KiB, the IG's minimum)
 */
public record AppStateSettings(boolean enabled, int maxBytes) {

    /** The IG's floor: an EHR accepts at least 256 KB unless its documentation says more. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    public AppStateSettings {
        if (maxBytes < 1024 || maxBytes > 1024 * 1024) {
            throw new IllegalArgumentException("the app state size limit must be between 1 KiB and 1 MiB");
        }
    }

    /** App State off. */
    public static AppStateSettings off() {
        return new AppStateSettings(false, DEFAULT_MAX_BYTES);
    }

    /** App State on, with the default size limit. */
    public static AppStateSettings on() {
        return new AppStateSettings(true, DEFAULT_MAX_BYTES);
    }
}
