package io.github.hapismart.authorize;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seam at the login step of {@code /authorize} for signing users in somewhere else than the built-in user table
 * (an upstream OpenID Connect provider; implemented in {@code federate}). The authorization pages offer each
 * {@link Option} beside the password form, send the browser where {@link #begin} says, and hand the answer that
 * comes back to {@link #complete}; whatever it returns, the rest of the flow (patient picker, consent, code) is the
 * same as after a password login.
 */
public interface ExternalLogin {

    /**
     * The {@code txn} a sign-in started on the management page ({@code <auth>/manage}) passes to {@link #begin}: the
     * callback then returns the browser to the management page instead of an authorization request. The return
     * target is thus fixed server-side and recorded with the sign-in, never taken from a parameter; authorization
     * request ids are random tokens and never equal it.
     */
    String MANAGEMENT_PAGE = "manage";

    /** One way to sign in, shown on the login page as "Sign in with {@code displayName}". */
    record Option(String id, String displayName) {
    }

    /**
     * A finished external sign-in: the authorization request to resume, and the local account the login session is
     * for (its username).
     */
    record Completed(String txn, String username) {
    }

    /**
     * Why an external sign-in failed, for the error page. Nothing is granted.
     *
     * @param status  the HTTP status of the page (400 for a bad answer, 403 for an unmapped user, 502/504 for an
     *                upstream that fails or does not answer)
     * @param message what the user reads
     * @param txn     the authorization request to offer going back to, when it is known and still bound to this
     *                browser
     */
    record Failure(int status, String message, Optional<String> txn) {
    }

    /** Thrown by {@link #begin} and {@link #complete} with the failure to show. */
    final class FailedException extends RuntimeException {
        private final Failure failure;

        public FailedException(Failure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** The external sign-in options, in the order shown. */
    List<Option> options();

    /** Whether the password form is shown (false: only the external options). */
    boolean passwordLogin();

    /**
     * Starts signing in with {@code optionId} for authorization request {@code txn} (or {@link #MANAGEMENT_PAGE}),
     * in the browser that holds {@code binding}; returns where to send the browser.
     *
     * @throws FailedException when the option is unknown or its provider cannot be reached
     */
    URI begin(String optionId, String txn, String binding);

    /**
     * Finishes a sign-in from the parameters of the provider's answer (at the callback), in the browser that holds
     * {@code binding}.
     *
     * @throws FailedException when the answer is an error, is not for this browser, or does not check out, or the
     *                         user maps to no FHIR user
     */
    Completed complete(Map<String, String> callbackParameters, String binding);

    /**
     * As {@link #complete(Map, String)}, knowing the browser's network address (for the audit trail); calls that
     * method by default.
     */
    default Completed complete(Map<String, String> callbackParameters, String binding, String address) {
        return complete(callbackParameters, binding);
    }

    /** No external sign-in: the password form only. */
    static ExternalLogin none() {
        return new ExternalLogin() {
            @Override
            public List<Option> options() {
                return List.of();
            }

            @Override
            public boolean passwordLogin() {
                return true;
            }

            @Override
            public URI begin(String optionId, String txn, String binding) {
                throw new FailedException(new Failure(400, "This sign-in option does not exist.", Optional.of(txn)));
            }

            @Override
            public Completed complete(Map<String, String> callbackParameters, String binding) {
                throw new FailedException(new Failure(400, "No sign-in is in progress.", Optional.empty()));
            }
        };
    }
}
