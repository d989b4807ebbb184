package io.github.hapismart.store;

/** A database operation of the plugin failed; carries the statement that failed and the JDBC cause. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
