-- Randa's first schema: reference data, trainees, capacity, bookings, audit.
--
-- Written in the SQL that SQLite and PostgreSQL share. Where the two
-- dialects differ, the SQLite form is used and the PostgreSQL one is named
-- in a "dialect:" comment, for the PostgreSQL store to translate:
--   * ids are "INTEGER PRIMARY KEY" (dialect: BIGINT GENERATED ALWAYS AS
--     IDENTITY PRIMARY KEY);
--   * booleans are INTEGER 0/1 (dialect: could be BOOLEAN; kept INTEGER so
--     that the store binds them the same way);
--   * timestamps are TEXT in ISO 8601 UTC, "YYYY-MM-DDTHH:MM:SSZ", set by the
--     store, never by a database default, and checked with strftime()
--     (dialect: TIMESTAMPTZ);
--   * dates are TEXT "YYYY-MM-DD", checked to be real dates with date(x,
--     '+0 days') IS x: the modifier makes SQLite roll 2023-02-29 over to
--     03-01, which then differs (dialect: DATE);
--   * patterns of digits use GLOB (dialect: ~ with a regular expression);
--   * tables are STRICT, so a column holds only its declared type (PostgreSQL
--     columns always do).
-- Weeks are INTEGER serials, weeks since ISO week 1970-W01 (see
-- src/domain/week.h), so that week arithmetic is integer arithmetic in both
-- dialects. Week ranges are half-open, [from, to).

CREATE TABLE region (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
) STRICT;

-- A care provider ("vårdgivare"): the region itself or a private company.
CREATE TABLE provider (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    org_nr      TEXT NOT NULL UNIQUE
                CHECK (org_nr GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
    kind        TEXT NOT NULL CHECK (kind IN ('public', 'private'))
) STRICT;

CREATE TABLE site (
    id          INTEGER PRIMARY KEY,
    region_id   INTEGER NOT NULL REFERENCES region (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    city        TEXT NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    UNIQUE (region_id, name)
) STRICT;

-- A study-director area of a region (Skåne has four for allmänmedicin).
CREATE TABLE area (
    id          INTEGER PRIMARY KEY,
    region_id   INTEGER NOT NULL REFERENCES region (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    UNIQUE (region_id, name)
) STRICT;

CREATE TABLE specialty (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
    name_sv     TEXT NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 200),
    name_en     TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    kind        TEXT NOT NULL CHECK (kind IN ('bas', 'gren', 'tillagg')),
    parent_id   INTEGER REFERENCES specialty (id),
    -- A grenspecialitet always has its basspecialitet; a bas has none.
    CHECK (kind <> 'gren' OR parent_id IS NOT NULL),
    CHECK (kind <> 'bas' OR parent_id IS NULL),
    CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;

-- A goal (delmål) of a regulation version. Common goals (a/b, STa/STb) have
-- no specialty; specialty-specific ones (c, STc, 2008's numbered) have one.
CREATE TABLE goal (
    id           INTEGER PRIMARY KEY,
    regulation   TEXT NOT NULL CHECK (regulation IN ('2008', '2015', '2021')),
    specialty_id INTEGER REFERENCES specialty (id),
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    UNIQUE (regulation, specialty_id, code)
) STRICT;
-- UNIQUE treats NULLs as distinct in both dialects, so common goals need
-- their own index.
CREATE UNIQUE INDEX goal_common_code ON goal (regulation, code)
    WHERE specialty_id IS NULL;

CREATE TABLE unit (
    id             INTEGER PRIMARY KEY,
    region_id      INTEGER NOT NULL REFERENCES region (id),
    provider_id    INTEGER NOT NULL REFERENCES provider (id),
    site_id        INTEGER REFERENCES site (id),
    area_id        INTEGER REFERENCES area (id),
    specialty_id   INTEGER NOT NULL REFERENCES specialty (id),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- HSA-id: "SE", a 10-digit organisation number, "-", then [A-Za-z0-9];
    -- at most 31 characters.
    hsa_id         TEXT NOT NULL UNIQUE
                   CHECK (length(hsa_id) BETWEEN 14 AND 31
                          AND hsa_id GLOB 'SE[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-*'
                          AND substr(hsa_id, 14) NOT GLOB '*[^A-Za-z0-9]*'),
    kind           TEXT NOT NULL CHECK (kind IN ('primary_care', 'hospital_clinic',
                                                 'private_clinic', 'training_node')),
    takes_trainees INTEGER NOT NULL DEFAULT 1 CHECK (takes_trainees IN (0, 1)),
    -- For a home unit: at most this many of its own trainees away at once
    -- (in seats); NULL means no limit.
    max_away       INTEGER CHECK (max_away IS NULL OR max_away BETWEEN 0 AND 1000)
) STRICT;
CREATE INDEX unit_specialty ON unit (specialty_id);
CREATE INDEX unit_region ON unit (region_id);

-- The goals a rotation at a unit can cover.
CREATE TABLE unit_goal (
    unit_id     INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    goal_id     INTEGER NOT NULL REFERENCES goal (id),
    PRIMARY KEY (unit_id, goal_id)
) STRICT;

-- A person: a trainee, a supervisor, later a user. Never a personnummer.
CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       TEXT NOT NULL UNIQUE
                CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
    hsa_id      TEXT UNIQUE
                CHECK (hsa_id IS NULL OR (length(hsa_id) BETWEEN 14 AND 31
                       AND hsa_id GLOB 'SE[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-*'
                       AND substr(hsa_id, 14) NOT GLOB '*[^A-Za-z0-9]*'))
) STRICT;

CREATE TABLE supervisor (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES person (id),
    unit_id         INTEGER NOT NULL REFERENCES unit (id),
    trained_on      TEXT CHECK (trained_on IS NULL OR date(trained_on, '+0 days') IS trained_on),
    specialist_since TEXT CHECK (specialist_since IS NULL
                                 OR date(specialist_since, '+0 days') IS specialist_since),
    UNIQUE (person_id, unit_id)
) STRICT;

CREATE TABLE trainee (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person (id),
    specialty_id  INTEGER NOT NULL REFERENCES specialty (id),
    regulation    TEXT NOT NULL CHECK (regulation IN ('2008', '2015', '2021')),
    home_unit_id  INTEGER NOT NULL REFERENCES unit (id),
    supervisor_id INTEGER REFERENCES supervisor (id),
    start_date    TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),
    fte           INTEGER NOT NULL CHECK (fte BETWEEN 1 AND 100),
    planned_end   TEXT NOT NULL CHECK (date(planned_end, '+0 days') IS planned_end),
    status        TEXT NOT NULL CHECK (status IN ('active', 'on_leave',
                                                  'completed', 'left')),
    CHECK (planned_end > start_date),
    -- One ongoing training per person and specialty.
    UNIQUE (person_id, specialty_id)
) STRICT;
CREATE INDEX trainee_home_unit ON trainee (home_unit_id);
CREATE INDEX trainee_specialty ON trainee (specialty_id);

CREATE TABLE leave (
    id          INTEGER PRIMARY KEY,
    trainee_id  INTEGER NOT NULL REFERENCES trainee (id) ON DELETE CASCADE,
    from_date   TEXT NOT NULL CHECK (date(from_date, '+0 days') IS from_date),
    to_date     TEXT NOT NULL CHECK (date(to_date, '+0 days') IS to_date),
    kind        TEXT NOT NULL CHECK (kind IN ('parental', 'sick',
                                              'leave_of_absence', 'other')),
    CHECK (to_date >= from_date)
) STRICT;
CREATE INDEX leave_trainee ON leave (trainee_id);

-- A rotation a trainee needs: a target specialty (any unit of it) or named
-- units (need_unit), a length in full-time weeks, the patterns allowed (a bit
-- mask over full, split4, split3, half, alternate: see domain/pattern.h).
CREATE TABLE rotation_need (
    id              INTEGER PRIMARY KEY,
    trainee_id      INTEGER NOT NULL REFERENCES trainee (id) ON DELETE CASCADE,
    specialty_id    INTEGER REFERENCES specialty (id),
    weeks           INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
    patterns        INTEGER NOT NULL CHECK (patterns BETWEEN 1 AND 31),
    preferred_start INTEGER CHECK (preferred_start IS NULL
                                   OR preferred_start BETWEEN -3652 AND 12000),
    status          TEXT NOT NULL CHECK (status IN ('open', 'booked', 'done',
                                                    'waived'))
) STRICT;
CREATE INDEX rotation_need_trainee ON rotation_need (trainee_id);

CREATE TABLE need_unit (
    need_id     INTEGER NOT NULL REFERENCES rotation_need (id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    PRIMARY KEY (need_id, unit_id)
) STRICT;

CREATE TABLE need_goal (
    need_id     INTEGER NOT NULL REFERENCES rotation_need (id) ON DELETE CASCADE,
    goal_id     INTEGER NOT NULL REFERENCES goal (id),
    PRIMARY KEY (need_id, goal_id)
) STRICT;

-- Seats a unit offers to rotating trainees in weeks [from_week, to_week).
-- Periods of one unit do not overlap (checked by the store in the same
-- transaction as the write: a portable CHECK cannot see other rows).
CREATE TABLE capacity (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    from_week   INTEGER NOT NULL CHECK (from_week BETWEEN -3652 AND 12000),
    to_week     INTEGER NOT NULL CHECK (to_week BETWEEN -3652 AND 12001),
    seats       INTEGER NOT NULL CHECK (seats BETWEEN 0 AND 1000),
    patterns    INTEGER NOT NULL CHECK (patterns BETWEEN 1 AND 31),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    CHECK (to_week > from_week)
) STRICT;
CREATE INDEX capacity_unit_week ON capacity (unit_id, from_week);

-- A placement of a trainee at a unit over weeks [start_week, end_week):
-- end_week = start_week + pattern length, computed by the store from the
-- weeks, pattern and the trainee's fte, stored for overlap queries.
CREATE TABLE booking (
    id            INTEGER PRIMARY KEY,
    trainee_id    INTEGER NOT NULL REFERENCES trainee (id),
    need_id       INTEGER REFERENCES rotation_need (id),
    unit_id       INTEGER NOT NULL REFERENCES unit (id),
    start_week    INTEGER NOT NULL CHECK (start_week BETWEEN -3652 AND 12000),
    end_week      INTEGER NOT NULL CHECK (end_week BETWEEN -3652 AND 12001),
    pattern       TEXT NOT NULL CHECK (pattern IN ('full', 'split4', 'split3',
                                                   'half', 'alternate')),
    weeks         INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
    status        TEXT NOT NULL CHECK (status IN ('requested', 'confirmed',
                                                  'declined', 'cancelled',
                                                  'completed')),
    cancel_reason TEXT CHECK (cancel_reason IS NULL
                              OR cancel_reason IN ('sick_leave', 'parental_leave',
                                                   'changed_plan', 'other')),
    created_at    TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    updated_at    TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 days') IS updated_at),
    CHECK (end_week > start_week),
    -- A reason exactly when cancelled.
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
) STRICT;
CREATE INDEX booking_unit_week ON booking (unit_id, start_week);
CREATE INDEX booking_trainee ON booking (trainee_id);

-- Who changed what, when: one row per write, before and after as JSON.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
    actor       TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    entity      TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 64),
    entity_id   INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before_json TEXT,
    after_json  TEXT,
    CHECK (before_json IS NOT NULL OR after_json IS NOT NULL)
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
