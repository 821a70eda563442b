-- What-if scenarios (issue 18, second part): a named copy of a region's
-- planning data with changes, run through the planning layer beside the
-- same data without them (the baseline). A scenario only reads the live
-- rows; it never writes a booking, a need or capacity.
--
-- src/store/migrations/pg/017_scenarios.sql is its PostgreSQL twin.

-- A scenario of a region (and optionally one specialty), and its job: the
-- status, the phase and time (ms) of the run under way, its failure; each
-- of its two runs has time_limit seconds.
CREATE TABLE scenario (
    id           INTEGER PRIMARY KEY,
    region_id    INTEGER NOT NULL REFERENCES region (id),
    specialty_id INTEGER REFERENCES specialty (id),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    status       TEXT NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'queued', 'running', 'done', 'failed')),
    time_limit   INTEGER NOT NULL CHECK (time_limit BETWEEN 1 AND 3600),
    phase        TEXT NOT NULL DEFAULT '' CHECK (length(phase) <= 64),
    elapsed_ms   INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_ms >= 0),
    error        TEXT NOT NULL DEFAULT '' CHECK (length(error) <= 500),
    finished_at  TEXT CHECK (finished_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, '+0 days') IS finished_at)
) STRICT;
CREATE INDEX scenario_status ON scenario (status, id);

-- One change of a scenario, in order: its kind and the change itself as
-- the JSON object the API took (kind included), checked by src/plan/.
CREATE TABLE scenario_change (
    id          INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 0),
    kind        TEXT NOT NULL CHECK (kind IN ('more_posts', 'add_group',
                                              'seats', 'shorten', 'summer',
                                              'agreement')),
    body        TEXT NOT NULL CHECK (length(body) <= 4000),
    UNIQUE (scenario_id, position)
) STRICT;

-- The summary of a run: the baseline (no changes) and the scenario.
CREATE TABLE scenario_result (
    scenario_id INTEGER NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    variant     TEXT NOT NULL CHECK (variant IN ('baseline', 'scenario')),
    score       INTEGER NOT NULL,
    summary     TEXT NOT NULL,
    PRIMARY KEY (scenario_id, variant)
) STRICT;
