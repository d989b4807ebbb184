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
