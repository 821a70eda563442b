-- The documentation of every rotation (issue 13): its introduction, the
-- supervision meetings and assessments during it, the handledare's
-- assessment of each goal after it, and the trainee's feedback on the
-- receiving unit, on a form the region edits.
--
-- Written as 001 says; src/store/migrations/pg/007_rotation_docs.sql is
-- its PostgreSQL twin. A rotation is a booking.

-- The kinds of assessment a region uses (medsittning, case discussion,
-- ...): a list the region keeps; one no longer used is inactive, never
-- deleted, as assessments refer to it.
CREATE TABLE assessment_kind (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name_sv     TEXT NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 100),
    name_en     TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO assessment_kind (code, name_sv, name_en) VALUES
    ('medsittning', 'Medsittning', 'Observed consultation'),
    ('cbd', 'Fallbaserad diskussion (CbD)', 'Case-based discussion (CbD)'),
    ('mini_cex', 'Mini-CEX', 'Mini-CEX'),
    ('dops', 'DOPS', 'DOPS');

-- The introduction at the receiving unit.
CREATE TABLE rotation_intro (
    booking_id  INTEGER PRIMARY KEY REFERENCES booking (id) ON DELETE CASCADE,
    held_on     TEXT NOT NULL CHECK (date(held_on, '+0 days') IS held_on),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000)
) STRICT;

-- Who did something is kept by name as well as by user (see 006).
CREATE TABLE supervision_meeting (
    id          INTEGER PRIMARY KEY,
    booking_id  INTEGER NOT NULL REFERENCES booking (id) ON DELETE CASCADE,
    held_on     TEXT NOT NULL CHECK (date(held_on, '+0 days') IS held_on),
    by_user     INTEGER REFERENCES app_user (id),
    by_name     TEXT NOT NULL CHECK (length(by_name) BETWEEN 1 AND 200),
    notes       TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    actions     TEXT NOT NULL DEFAULT '' CHECK (length(actions) <= 2000)
) STRICT;
CREATE INDEX supervision_meeting_booking ON supervision_meeting (booking_id);

CREATE TABLE assessment (
    id          INTEGER PRIMARY KEY,
    booking_id  INTEGER NOT NULL REFERENCES booking (id) ON DELETE CASCADE,
    kind_id     INTEGER NOT NULL REFERENCES assessment_kind (id),
    held_on     TEXT NOT NULL CHECK (date(held_on, '+0 days') IS held_on),
    by_user     INTEGER REFERENCES app_user (id),
    by_name     TEXT NOT NULL CHECK (length(by_name) BETWEEN 1 AND 200),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 4000)
) STRICT;
CREATE INDEX assessment_booking ON assessment (booking_id);

CREATE TABLE assessment_goal (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    goal_id       INTEGER NOT NULL REFERENCES goal (id),
    PRIMARY KEY (assessment_id, goal_id)
) STRICT;

-- The handledare's assessment of each goal of the rotation, after it.
CREATE TABLE rotation_result (
    booking_id  INTEGER NOT NULL REFERENCES booking (id) ON DELETE CASCADE,
    goal_id     INTEGER NOT NULL REFERENCES goal (id),
    result      TEXT NOT NULL CHECK (result IN ('met', 'partly', 'not_yet')),
    comment     TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    by_user     INTEGER REFERENCES app_user (id),
    by_name     TEXT NOT NULL CHECK (length(by_name) BETWEEN 1 AND 200),
    at          TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
    PRIMARY KEY (booking_id, goal_id)
) STRICT;

-- The feedback form of a region: its questions as JSON, a new version for
-- every change, so that answers keep the questions they answered.
CREATE TABLE feedback_form (
    id          INTEGER PRIMARY KEY,
    region_id   INTEGER NOT NULL REFERENCES region (id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    questions   TEXT NOT NULL CHECK (length(questions) BETWEEN 2 AND 20000),
    created_at  TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    UNIQUE (region_id, version)
) STRICT;

-- The trainee's feedback on the receiving unit of one rotation.
CREATE TABLE feedback (
    booking_id   INTEGER PRIMARY KEY REFERENCES booking (id) ON DELETE CASCADE,
    form_id      INTEGER NOT NULL REFERENCES feedback_form (id),
    answers      TEXT NOT NULL CHECK (length(answers) BETWEEN 2 AND 20000),
    submitted_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', submitted_at, '+0 days') IS submitted_at)
) STRICT;
