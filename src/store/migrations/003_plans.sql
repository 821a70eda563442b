-- Runs of the optimiser ("plan runs"): jobs that live in the database, so
-- that any process serving the same database can start one, follow its
-- progress, cancel it and read its proposal, and a page reload loses
-- nothing. The worker that solves a run writes its progress here a few
-- times a second and reads cancel_requested back at the same time.
-- dialect: seconds and time_limit are DOUBLE PRECISION; the texts are TEXT
-- (JSONB would do, but the store reads them back verbatim).

CREATE TABLE plan_run (
    id               INTEGER PRIMARY KEY,
    created_at       TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    updated_at       TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 days') IS updated_at),
    started_at       TEXT CHECK (started_at IS NULL
                                 OR strftime('%Y-%m-%dT%H:%M:%SZ', started_at, '+0 days') IS started_at),
    finished_at      TEXT CHECK (finished_at IS NULL
                                 OR strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, '+0 days') IS finished_at),
    region_id        INTEGER NOT NULL REFERENCES region (id),
    -- NULL: every specialty of the region's open needs.
    specialty_id     INTEGER REFERENCES specialty (id),
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done',
                                                     'failed', 'cancelled')),
    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    time_limit       REAL NOT NULL CHECK (time_limit > 0 AND time_limit <= 86400),
    seed             INTEGER NOT NULL CHECK (seed >= 0),
    threads          INTEGER NOT NULL CHECK (threads BETWEEN 1 AND 64),
    -- Progress: the solver's phase, seconds so far, the best score found
    -- and the best lower bound proven (NULL until there is one).
    phase            TEXT NOT NULL DEFAULT '' CHECK (length(phase) <= 32),
    seconds          REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    best             INTEGER,
    bound            INTEGER,
    iterations       INTEGER NOT NULL DEFAULT 0 CHECK (iterations >= 0),
    -- The result: score and lower bound of the plan kept.
    score            INTEGER,
    lower_bound      INTEGER,
    -- The problem's week 0 as a serial and its length, set when it is built.
    horizon_start    INTEGER CHECK (horizon_start IS NULL
                                    OR horizon_start BETWEEN -3652 AND 12000),
    horizon_weeks    INTEGER CHECK (horizon_weeks IS NULL
                                    OR horizon_weeks BETWEEN 1 AND 1040),
    -- Needs of the proposal: all of them, those with a unit (proposed or
    -- fixed by a booking), those fixed, those left unplaced.
    needs            INTEGER NOT NULL DEFAULT 0 CHECK (needs >= 0),
    assigned         INTEGER NOT NULL DEFAULT 0 CHECK (assigned >= 0),
    fixed            INTEGER NOT NULL DEFAULT 0 CHECK (fixed >= 0),
    unplaced         INTEGER NOT NULL DEFAULT 0 CHECK (unplaced >= 0),
    error            TEXT CHECK (error IS NULL OR length(error) BETWEEN 1 AND 500),
    -- "randa-problem/1" as built from the database; the needs left out of
    -- it because nothing can ever take them ([{need, trainee, reason}]);
    -- the "randa-plan/1" the solver returned.
    problem_json     TEXT,
    left_out_json    TEXT,
    plan_json        TEXT,
    CHECK (status <> 'done' OR plan_json IS NOT NULL),
    CHECK ((status IN ('queued', 'running')) = (finished_at IS NULL))
) STRICT;
CREATE INDEX plan_run_status ON plan_run (status, id);
