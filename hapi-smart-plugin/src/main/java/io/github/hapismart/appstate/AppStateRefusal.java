package io.github.hapismart.appstate;

/** A refused App State request: the HTTP status, the OperationOutcome issue code and the diagnostics. */
final class AppStateRefusal extends RuntimeException {

    private final int status;
    private final String code;

    AppStateRefusal(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
