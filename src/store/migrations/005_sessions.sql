-- Log-in (issue 5): sessions kept on the server, API tokens for
-- integrations, the counters that slow and lock out failed log-ins, and
-- the log of log-ins and other security events. Session and token secrets
-- are never stored: only their SHA-256, as 64 hex digits. Times here are
-- seconds since 1970 (UTC), which expiry compares; the event log keeps the
-- audit log's text timestamps.
-- dialect: the same in PostgreSQL with BIGSERIAL ids.

CREATE TABLE session (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL CHECK (length(csrf) = 43),
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL CHECK (seen_at >= created_at),
    address     TEXT NOT NULL CHECK (length(address) <= 64),
    user_agent  TEXT NOT NULL CHECK (length(user_agent) <= 200)
) STRICT;
CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    access      TEXT NOT NULL CHECK (access IN ('read', 'write')),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER CHECK (expires_at IS NULL OR expires_at > created_at),
    revoked_at  INTEGER,
    used_at     INTEGER
) STRICT;
CREATE INDEX api_token_user ON api_token (user_id);

-- Failed log-ins in the current window, per account ('user:NAME') and per
-- address ('addr:ADDRESS').
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY CHECK (length(key) BETWEEN 6 AND 100),
    failures     INTEGER NOT NULL CHECK (failures >= 0),
    first_at     INTEGER NOT NULL,
    locked_until INTEGER NOT NULL
) STRICT;

CREATE TABLE auth_event (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
    actor     TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    event     TEXT NOT NULL CHECK (event IN ('login', 'login_failed', 'login_locked',
                                             'logout', 'logout_all',
                                             'password_changed', 'password_reset',
                                             'token_created', 'token_revoked', 'export')),
    address   TEXT NOT NULL CHECK (length(address) <= 64),
    detail    TEXT NOT NULL CHECK (length(detail) <= 500)
) STRICT;
CREATE INDEX auth_event_at ON auth_event (at);
