-- Single sign-on through the region's OpenID Connect provider (issue 19).
-- A user may carry the provider's identifier of them (the subject or the
-- HSA-id claim, as the installation chooses), by which a log-in through
-- the provider finds them; a session remembers that it began there, so
-- that log-out can end the provider's session too. A log-in on its way
-- through the provider is kept by the SHA-256 of its state, with the nonce
-- and the PKCE verifier it sent, for ten minutes and one use. Whether
-- people the provider knows but Randa does not get an account (with no
-- roles) is the administrator's setting, off until they turn it on.
-- The log of security events learns the three events of SSO.
--
-- The PostgreSQL 15 twin of src/store/migrations/015_sso.sql, translated
-- as 001 says: seconds since 1970 are BIGINT, and the event log's CHECK
-- is replaced in place.

ALTER TABLE app_user ADD COLUMN sso_id TEXT
    CHECK (sso_id IS NULL OR length(sso_id) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX app_user_sso_id ON app_user (sso_id);

ALTER TABLE session ADD COLUMN sso INTEGER NOT NULL DEFAULT 0
    CHECK (sso IN (0, 1));

CREATE TABLE sso_login (
    state_hash  TEXT PRIMARY KEY CHECK (length(state_hash) = 64),
    nonce       TEXT NOT NULL CHECK (length(nonce) = 43),
    verifier    TEXT NOT NULL CHECK (length(verifier) = 43),
    created_at  BIGINT NOT NULL
);
CREATE INDEX sso_login_created ON sso_login (created_at);

CREATE TABLE sso_setting (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    create_users  INTEGER NOT NULL CHECK (create_users IN (0, 1))
);
INSERT INTO sso_setting (id, create_users) VALUES (1, 0);

ALTER TABLE auth_event DROP CONSTRAINT auth_event_event_check;
ALTER TABLE auth_event ADD CONSTRAINT auth_event_event_check
    CHECK (event IN ('login', 'login_failed', 'login_locked',
                     'logout', 'logout_all',
                     'password_changed', 'password_reset',
                     'token_created', 'token_revoked', 'export',
                     'sso_login', 'sso_refused', 'sso_user_created'));
