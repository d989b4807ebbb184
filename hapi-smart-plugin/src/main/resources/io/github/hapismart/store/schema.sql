-- The plugin's tables. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.
-- Times are epoch milliseconds (BIGINT). Secrets, tokens and codes are stored only as hashes.

CREATE TABLE IF NOT EXISTS smart_client (
    client_id          VARCHAR(128)  NOT NULL PRIMARY KEY,
    client_name        VARCHAR(256),
    auth_method        VARCHAR(40)   NOT NULL,
    secret_hash        VARCHAR(256),
    redirect_uris      VARCHAR(8000) NOT NULL,
    grant_types        VARCHAR(256)  NOT NULL,
    scope              VARCHAR(8000) NOT NULL,
    jwks               VARCHAR(65535),
    jwks_uri           VARCHAR(2048),
    initiate_login_uri VARCHAR(2048),
    created_at         BIGINT        NOT NULL
);

CREATE TABLE IF NOT EXISTS smart_signing_key (
    kid        VARCHAR(64)    NOT NULL PRIMARY KEY,
    alg        VARCHAR(16)    NOT NULL,
    jwk        VARCHAR(65535) NOT NULL,
    encrypted  BOOLEAN        NOT NULL,
    created_at BIGINT         NOT NULL,
    retired_at BIGINT
);

CREATE TABLE IF NOT EXISTS smart_user (
    username      VARCHAR(128) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(256) NOT NULL,
    fhir_user     VARCHAR(256) NOT NULL,
    display_name  VARCHAR(256) NOT NULL
);

-- Revoked access tokens (kind 'jti') and revoked grant families (kind 'family': every access token issued from
-- one authorization, refresh token chain or consent). Rows may be deleted once expires_at has passed.
CREATE TABLE IF NOT EXISTS smart_revocation (
    kind       VARCHAR(16)  NOT NULL,
    item       VARCHAR(128) NOT NULL,
    expires_at BIGINT       NOT NULL,
    revoked_at BIGINT       NOT NULL,
    PRIMARY KEY (kind, item)
);

-- Client assertion ids already used (private_key_jwt replay protection); kept until the assertion expires.
CREATE TABLE IF NOT EXISTS smart_assertion_jti (
    client_id  VARCHAR(128) NOT NULL,
    jti_hash   VARCHAR(64)  NOT NULL,
    expires_at BIGINT       NOT NULL,
    PRIMARY KEY (client_id, jti_hash)
);

-- Browser login sessions of the authorization pages. The cookie holds a random id; only its hash is stored.
CREATE TABLE IF NOT EXISTS smart_login_session (
    session_hash VARCHAR(64)  NOT NULL PRIMARY KEY,
    username     VARCHAR(128) NOT NULL,
    created_at   BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL,
    ended_at     BIGINT
);

-- EHR launch contexts, created by an EHR through POST /auth/launch, bound to one client, single-use.
CREATE TABLE IF NOT EXISTS smart_launch_context (
    launch_hash VARCHAR(64)    NOT NULL PRIMARY KEY,
    client_id   VARCHAR(128)   NOT NULL,
    context     VARCHAR(16000) NOT NULL,
    created_by  VARCHAR(128)   NOT NULL,
    created_at  BIGINT         NOT NULL,
    expires_at  BIGINT         NOT NULL,
    used_at     BIGINT
);

-- Authorization requests in progress (login, patient picker, consent), keyed by a random id the browser holds,
-- bound to the browser by a cookie whose hash is stored here.
CREATE TABLE IF NOT EXISTS smart_pending_authorization (
    id_hash      VARCHAR(64)    NOT NULL PRIMARY KEY,
    binding_hash VARCHAR(64)    NOT NULL,
    request      VARCHAR(32000) NOT NULL,
    patient      VARCHAR(128),
    expires_at   BIGINT         NOT NULL
);

-- Authorization codes: single-use, short-lived; the grant they stand for is a JSON document.
CREATE TABLE IF NOT EXISTS smart_authorization_code (
    code_hash  VARCHAR(64)    NOT NULL PRIMARY KEY,
    client_id  VARCHAR(128)   NOT NULL,
    family     VARCHAR(64)    NOT NULL,
    grant_data VARCHAR(32000) NOT NULL,
    created_at BIGINT         NOT NULL,
    expires_at BIGINT         NOT NULL,
    used_at    BIGINT
);

-- Refresh tokens. family groups every token of one authorization; session_hash is set for online_access tokens,
-- which end with that login session. rotated_at marks a token replaced by its successor.
CREATE TABLE IF NOT EXISTS smart_refresh_token (
    token_hash   VARCHAR(64)    NOT NULL PRIMARY KEY,
    client_id    VARCHAR(128)   NOT NULL,
    family       VARCHAR(64)    NOT NULL,
    username     VARCHAR(128)   NOT NULL,
    scope        VARCHAR(8000)  NOT NULL,
    grant_data   VARCHAR(32000) NOT NULL,
    session_hash VARCHAR(64),
    created_at   BIGINT         NOT NULL,
    expires_at   BIGINT         NOT NULL,
    rotated_at   BIGINT,
    revoked_at   BIGINT
);

CREATE INDEX IF NOT EXISTS smart_refresh_token_family ON smart_refresh_token (family);

-- What each user granted each app (one row per authorization, i.e. per grant family), for the management page.
CREATE TABLE IF NOT EXISTS smart_grant (
    family     VARCHAR(64)   NOT NULL PRIMARY KEY,
    client_id  VARCHAR(128)  NOT NULL,
    username   VARCHAR(128)  NOT NULL,
    scope      VARCHAR(8000) NOT NULL,
    patient    VARCHAR(128),
    created_at BIGINT        NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX IF NOT EXISTS smart_grant_user ON smart_grant (username);

-- When the grant was last used (a token issued or refreshed from it, or one of its access tokens presented to the FHIR
-- API), for the management page's access history; written at most once a minute per grant and node (GrantUsage).
ALTER TABLE smart_grant ADD COLUMN IF NOT EXISTS last_used_at BIGINT;

-- Expired rows are purged by expires_at; without these indexes each purge read the whole table (for authorization
-- codes and refresh tokens, every grant document), which under load filled the Java heap with H2's pages.
CREATE INDEX IF NOT EXISTS smart_revocation_expiry ON smart_revocation (expires_at);
CREATE INDEX IF NOT EXISTS smart_assertion_jti_expiry ON smart_assertion_jti (expires_at);
CREATE INDEX IF NOT EXISTS smart_login_session_expiry ON smart_login_session (expires_at);
CREATE INDEX IF NOT EXISTS smart_launch_context_expiry ON smart_launch_context (expires_at);
CREATE INDEX IF NOT EXISTS smart_pending_authorization_expiry ON smart_pending_authorization (expires_at);
CREATE INDEX IF NOT EXISTS smart_authorization_code_expiry ON smart_authorization_code (expires_at);
CREATE INDEX IF NOT EXISTS smart_refresh_token_expiry ON smart_refresh_token (expires_at);

-- Named locks (one row each) that nodes sharing this database hold with SELECT ... FOR UPDATE inside a
-- transaction, for work that must happen once, such as making the first signing keys.
CREATE TABLE IF NOT EXISTS smart_lock (
    name VARCHAR(64) NOT NULL PRIMARY KEY
);

-- Failed-login throttle, shared by every node: one row per hashed user name or client address, holding the time at
-- which its token bucket is full again. Rows of full buckets are purged.
CREATE TABLE IF NOT EXISTS smart_login_throttle (
    throttle_key VARCHAR(64) NOT NULL PRIMARY KEY,
    full_at      BIGINT      NOT NULL
);

CREATE INDEX IF NOT EXISTS smart_login_throttle_full ON smart_login_throttle (full_at);

-- Federated login (package federate): sign-ins in progress at an upstream OpenID provider, single-use, found by
-- the hash of the state sent and bound to the browser's binding cookie (hash).
CREATE TABLE IF NOT EXISTS smart_upstream_login (
    state_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    binding_hash  VARCHAR(64)  NOT NULL,
    provider_id   VARCHAR(32)  NOT NULL,
    nonce         VARCHAR(128) NOT NULL,
    code_verifier VARCHAR(128) NOT NULL,
    txn           VARCHAR(128) NOT NULL,
    expires_at    BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS smart_upstream_login_expiry ON smart_upstream_login (expires_at);

-- Federated login's link table (the "table" fhirUser mapping): which FHIR user an upstream identity is.
CREATE TABLE IF NOT EXISTS smart_upstream_identity (
    issuer    VARCHAR(512) NOT NULL,
    subject   VARCHAR(256) NOT NULL,
    fhir_user VARCHAR(256) NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- SMART App State (smart-app-state): small Basic resources apps keep per user, per patient or globally. The state
-- code (system|code) decides which apps may use a row; version counts updates for If-Match; a deleted row stays as a
-- tombstone (deleted_at) so that later requests about its id fail their precondition, as the IG asks.
CREATE TABLE IF NOT EXISTS smart_app_state (
    id          VARCHAR(64)      NOT NULL PRIMARY KEY,
    version     BIGINT           NOT NULL,
    client_id   VARCHAR(128)     NOT NULL,
    code_system VARCHAR(1024)    NOT NULL,
    code        VARCHAR(256)     NOT NULL,
    subject     VARCHAR(1024),
    resource    VARCHAR(1048576),
    updated_at  BIGINT           NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX IF NOT EXISTS smart_app_state_code ON smart_app_state (code_system, code, subject);
