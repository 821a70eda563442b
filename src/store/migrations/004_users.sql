-- Users of Randa and their roles (issue 5). A user logs in with a user
-- name and a password, of which only an argon2id hash is kept; each role
-- holds for a scope: one trainee (ST-läkare, handledare), one unit
-- (studierektor, verksamhetschef), one region (övergripande studierektor)
-- or everything (administratör).
-- dialect: the same in PostgreSQL with BIGSERIAL ids.

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE
                  CHECK (length(username) BETWEEN 3 AND 64
                         AND username NOT GLOB '*[^a-z0-9._-]*'),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    person_id     INTEGER REFERENCES person (id),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    password_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', password_at, '+0 days') IS password_at)
) STRICT;

CREATE TABLE user_role (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('trainee', 'supervisor', 'director',
                                              'unit_head', 'coordinator', 'admin')),
    scope       TEXT NOT NULL CHECK (scope IN ('trainee', 'unit', 'region', 'all')),
    scope_id    INTEGER,
    -- Which scope each role takes, and an id exactly when it is not 'all'.
    CHECK ((role IN ('trainee', 'supervisor')) = (scope = 'trainee')),
    CHECK ((role IN ('director', 'unit_head')) = (scope = 'unit')),
    CHECK ((role = 'coordinator') = (scope = 'region')),
    CHECK ((role = 'admin') = (scope = 'all')),
    CHECK ((scope = 'all') = (scope_id IS NULL)),
    UNIQUE (user_id, role, scope, scope_id)
) STRICT;
CREATE INDEX user_role_user ON user_role (user_id);
