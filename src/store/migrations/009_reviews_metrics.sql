-- Quality reviews of the units that train ST-läkare (004 §2.6) and the AT,
-- BT and ST doctors of a region with what became of them (004 §5): the
-- facts the yearly figures are computed from (issue 13). The figures
-- themselves are never stored.
--
-- Written as 001 says; src/store/migrations/pg/009_reviews_metrics.sql is
-- its PostgreSQL twin. It relies on no table of migrations 007 and 008.

-- A review of a unit: its self-assessment (STINS, at least every two
-- years) or an external review (SPUR, at least every five), its result, who
-- reviewed and who recorded it, and its report: a PDF kept in the database
-- (at most 5 MiB), with its size, SHA-256 and when it was stored. Who
-- recorded it is kept by name as well as by user, as in 006.
CREATE TABLE unit_review (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('stins', 'spur')),
    reviewed_on   TEXT NOT NULL CHECK (date(reviewed_on, '+0 days') IS reviewed_on),
    result        TEXT NOT NULL CHECK (result IN ('approved', 'remarks',
                                                  'not_approved')),
    reviewer      TEXT NOT NULL DEFAULT '' CHECK (length(reviewer) <= 200),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    recorded_by   INTEGER REFERENCES app_user (id),
    recorded_name TEXT NOT NULL CHECK (length(recorded_name) BETWEEN 1 AND 200),
    recorded_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, '+0 days') IS recorded_at),
    report_type   TEXT CHECK (report_type IS NULL OR report_type = 'application/pdf'),
    report_size   INTEGER CHECK (report_size IS NULL OR report_size BETWEEN 1 AND 5242880),
    report_sha256 TEXT CHECK (report_sha256 IS NULL OR length(report_sha256) = 64),
    report_at     TEXT CHECK (report_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', report_at, '+0 days') IS report_at),
    report        BLOB CHECK (report IS NULL OR length(report) = report_size),
    CHECK ((report IS NULL) = (report_type IS NULL)),
    CHECK ((report IS NULL) = (report_size IS NULL)),
    CHECK ((report IS NULL) = (report_sha256 IS NULL)),
    CHECK ((report IS NULL) = (report_at IS NULL))
) STRICT;
CREATE INDEX unit_review_unit ON unit_review (unit_id, kind, reviewed_on);

-- A doctor's program in the region: AT (allmäntjänstgöring), BT
-- (bastjänstgöring) or ST, at a home unit, and what became of them: the day
-- they completed it, the day they left the region (before or after
-- completing) and the day they came back, if they did. A doctor is in the
-- region on a day unless they left on or before it and had not come back
-- by then. An ST names its specialty, and its trainee record when it has
-- one (not an ST from before the region used Randa).
CREATE TABLE doctor_program (
    id           INTEGER PRIMARY KEY,
    program      TEXT NOT NULL CHECK (program IN ('at', 'bt', 'st')),
    person_id    INTEGER NOT NULL REFERENCES person (id),
    trainee_id   INTEGER UNIQUE REFERENCES trainee (id) ON DELETE SET NULL,
    unit_id      INTEGER NOT NULL REFERENCES unit (id),
    specialty_id INTEGER REFERENCES specialty (id),
    start_date   TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),
    completed_on TEXT CHECK (completed_on IS NULL OR date(completed_on, '+0 days') IS completed_on),
    left_on      TEXT CHECK (left_on IS NULL OR date(left_on, '+0 days') IS left_on),
    returned_on  TEXT CHECK (returned_on IS NULL OR date(returned_on, '+0 days') IS returned_on),
    CHECK (completed_on IS NULL OR completed_on >= start_date),
    CHECK (left_on IS NULL OR left_on >= start_date),
    CHECK (returned_on IS NULL OR (left_on IS NOT NULL AND returned_on > left_on)),
    CHECK ((program = 'st') = (specialty_id IS NOT NULL)),
    CHECK (trainee_id IS NULL OR program = 'st')
) STRICT;
CREATE INDEX doctor_program_unit ON doctor_program (unit_id);
CREATE INDEX doctor_program_person ON doctor_program (person_id);
