-- The individual education plan (issue 12): the goals of each specialty per
-- regulation with their group and how certain their text is, the trainee's
-- checklist, activities, substitutes, versions and approvals, the ST
-- contract, and the handledare of each rotation.
--
-- Written as 001 says; src/store/migrations/pg/006_education_plan.sql is
-- its PostgreSQL twin.

-- A goal's group: "bt" (BT, 2021:8), "a" (a, STa), "b" (b, STb) or "c"
-- (c, STc, and the numbered goals of 2008:17). Common goals of existing
-- databases take theirs from their code; specialty goals are "c".
ALTER TABLE goal ADD COLUMN grp TEXT NOT NULL DEFAULT 'c'
    CHECK (grp IN ('bt', 'a', 'b', 'c'));
-- How certain the goal's text is (reference-data.json's levels): an
-- uncertain one is example data an administrator should correct.
ALTER TABLE goal ADD COLUMN confidence TEXT NOT NULL DEFAULT 'verified'
    CHECK (confidence IN ('verified', 'secondary', 'uncertain'));
UPDATE goal SET grp = CASE
        WHEN substr(code, 1, 2) = 'BT' THEN 'bt'
        WHEN substr(code, 1, 3) = 'STa' OR substr(code, 1, 1) = 'a' THEN 'a'
        ELSE 'b' END
    WHERE specialty_id IS NULL;

-- The common b goals (b, STb) that apply to a specialty: the subset varies
-- per specialty. Every a (STa) and BT goal applies to every specialty of
-- its regulation, and c goals belong to their specialty.
CREATE TABLE specialty_goal (
    specialty_id INTEGER NOT NULL REFERENCES specialty (id) ON DELETE CASCADE,
    goal_id      INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    PRIMARY KEY (specialty_id, goal_id)
) STRICT;
CREATE INDEX specialty_goal_goal ON specialty_goal (goal_id);
-- Existing databases keep what they had: every b goal for every specialty.
INSERT INTO specialty_goal (specialty_id, goal_id)
    SELECT s.id, g.id FROM specialty s, goal g
    WHERE g.specialty_id IS NULL AND g.grp = 'b';

-- The state of each goal on a trainee's checklist; a goal without a row is
-- planned. "certified" names who certified it and when. Who did something
-- is kept by name as well as by user, in this table and the ones below, so
-- that the record stays readable when a user is removed and can hold what
-- was signed before the region used Randa.
CREATE TABLE plan_goal (
    trainee_id   INTEGER NOT NULL REFERENCES trainee (id) ON DELETE CASCADE,
    goal_id      INTEGER NOT NULL REFERENCES goal (id),
    status       TEXT NOT NULL CHECK (status IN ('planned', 'in_progress',
                                                 'met', 'certified')),
    certified_by INTEGER REFERENCES app_user (id),
    certified_name TEXT CHECK (certified_name IS NULL OR length(certified_name) BETWEEN 1 AND 200),
    certified_at TEXT CHECK (certified_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', certified_at, '+0 days') IS certified_at),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    updated_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 days') IS updated_at),
    CHECK ((status = 'certified') = (certified_at IS NOT NULL)),
    CHECK ((certified_at IS NULL) = (certified_name IS NULL)),
    CHECK (certified_by IS NULL OR certified_at IS NOT NULL),
    PRIMARY KEY (trainee_id, goal_id)
) STRICT;

-- An activity of the plan, as the certificates know them. Clinical service
-- is a rotation (need_id) or at the home unit (no need); the leadership and
-- research tracks are the plan's (edu_plan.track).
CREATE TABLE activity (
    id          INTEGER PRIMARY KEY,
    trainee_id  INTEGER NOT NULL REFERENCES trainee (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('clinical', 'auskultation',
                                              'course', 'seminar', 'simulation',
                                              'written_work', 'quality_work')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    need_id     INTEGER REFERENCES rotation_need (id) ON DELETE SET NULL,
    from_week   INTEGER CHECK (from_week IS NULL OR from_week BETWEEN -3652 AND 12000),
    to_week     INTEGER CHECK (to_week IS NULL OR to_week BETWEEN -3652 AND 12001),
    status      TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done')),
    CHECK ((from_week IS NULL) = (to_week IS NULL)),
    CHECK (to_week IS NULL OR to_week > from_week),
    CHECK (need_id IS NULL OR kind = 'clinical')
) STRICT;
CREATE INDEX activity_trainee ON activity (trainee_id);
CREATE INDEX activity_need ON activity (need_id);

CREATE TABLE activity_goal (
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    goal_id     INTEGER NOT NULL REFERENCES goal (id),
    PRIMARY KEY (activity_id, goal_id)
) STRICT;

-- An agreement that an activity (a course, seminar, simulation, ...) covers
-- some of a rotation's goals, so that the rotation is weeks_saved shorter:
-- who agreed, when and why. The need's weeks are the shorter length; the
-- store adds weeks_saved back when the agreement is withdrawn.
CREATE TABLE substitute (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    need_id     INTEGER NOT NULL REFERENCES rotation_need (id) ON DELETE CASCADE,
    weeks_saved INTEGER NOT NULL CHECK (weeks_saved BETWEEN 1 AND 104),
    reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    agreed_by   INTEGER REFERENCES app_user (id),
    agreed_name TEXT NOT NULL CHECK (length(agreed_name) BETWEEN 1 AND 200),
    agreed_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', agreed_at, '+0 days') IS agreed_at),
    UNIQUE (activity_id, need_id)
) STRICT;
CREATE INDEX substitute_need ON substitute (need_id);

-- The versions of a trainee's plan. The latest is the plan: a draft while
-- it waits for its approvals, approved when the verksamhetschef, the
-- huvudhandledare and the studierektor have approved it; a change to an
-- approved plan starts the next version as a draft. content is the plan as
-- approved (JSON), kept to read the history side by side.
CREATE TABLE edu_plan (
    id          INTEGER PRIMARY KEY,
    trainee_id  INTEGER NOT NULL REFERENCES trainee (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version BETWEEN 1 AND 1000),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'approved',
                                                'superseded')),
    track       TEXT NOT NULL CHECK (track IN ('none', 'leadership',
                                               'research')),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    content     TEXT,
    created_at  TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    approved_at TEXT CHECK (approved_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', approved_at, '+0 days') IS approved_at),
    CHECK ((status = 'draft') = (approved_at IS NULL)),
    CHECK ((status = 'draft') = (content IS NULL)),
    UNIQUE (trainee_id, version)
) STRICT;

-- Who approved which version, in which of the three roles.
CREATE TABLE plan_approval (
    plan_id     INTEGER NOT NULL REFERENCES edu_plan (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('unit_head', 'supervisor',
                                              'director')),
    user_id     INTEGER REFERENCES app_user (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    at          TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
    PRIMARY KEY (plan_id, role)
) STRICT;

-- The ST contract (anställning för ST): signed when, by whom.
CREATE TABLE st_contract (
    trainee_id  INTEGER PRIMARY KEY REFERENCES trainee (id) ON DELETE CASCADE,
    signed_on   TEXT NOT NULL CHECK (date(signed_on, '+0 days') IS signed_on),
    employer    TEXT NOT NULL CHECK (length(employer) BETWEEN 1 AND 200),
    parties     TEXT NOT NULL CHECK (length(parties) BETWEEN 1 AND 500)
) STRICT;

-- The handledare at the receiving unit of a rotation, appointed by its
-- verksamhetschef.
ALTER TABLE booking ADD COLUMN supervisor_id INTEGER REFERENCES supervisor (id);
