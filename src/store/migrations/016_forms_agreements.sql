-- Forms of rotation, agreements and costs (issue 18, first part).
--
-- A unit's placement rules (shortest and longest placement, trainees at
-- once: a training node's limits), capacity in forms other than seats
-- (gaffel groups, tandem seats, ST-clinic seats), the groups trainees are
-- booked into, and the agreements that give each booking a cost.
--
-- src/store/migrations/pg/016_forms_agreements.sql is its PostgreSQL twin.
-- It relies on unit, provider, region and booking (001).

-- A unit's rules for every placement at it. Lengths are calendar weeks
-- (end_week - start_week of a booking); NULL is no rule.
CREATE TABLE unit_rule (
    unit_id      INTEGER PRIMARY KEY REFERENCES unit (id) ON DELETE CASCADE,
    min_weeks    INTEGER CHECK (min_weeks IS NULL OR min_weeks BETWEEN 1 AND 208),
    max_weeks    INTEGER CHECK (max_weeks IS NULL OR max_weeks BETWEEN 1 AND 208),
    max_trainees INTEGER CHECK (max_trainees IS NULL
                                OR max_trainees BETWEEN 1 AND 1000),
    CHECK (min_weeks IS NULL OR max_weeks IS NULL OR min_weeks <= max_weeks)
) STRICT;

-- Capacity in a form of rotation over weeks [from_week, to_week): up to
-- groups groups at once, each of up to size trainees with identical weeks,
-- of whom needed must be booked before any is confirmed (a gaffel group is
-- 2-3 trainees with one handledare; a tandem seat 2 sharing a clinic; an
-- ST clinic the trainees it needs to run). Not counted in capacity.seats.
CREATE TABLE rotation_form (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('gaffel', 'tandem', 'st_clinic')),
    from_week   INTEGER NOT NULL CHECK (from_week BETWEEN -3652 AND 12000),
    to_week     INTEGER NOT NULL CHECK (to_week BETWEEN -3652 AND 12001),
    groups      INTEGER NOT NULL CHECK (groups BETWEEN 1 AND 100),
    size        INTEGER NOT NULL CHECK (size BETWEEN 2 AND 6),
    needed      INTEGER NOT NULL CHECK (needed BETWEEN 2 AND 6),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    CHECK (to_week > from_week),
    CHECK (needed <= size)
) STRICT;
CREATE INDEX rotation_form_unit ON rotation_form (unit_id, from_week);

-- A group of a form: the weeks and pattern its first booking gave it.
CREATE TABLE form_group (
    id          INTEGER PRIMARY KEY,
    form_id     INTEGER NOT NULL REFERENCES rotation_form (id) ON DELETE CASCADE,
    start_week  INTEGER NOT NULL,
    end_week    INTEGER NOT NULL,
    pattern     TEXT NOT NULL CHECK (pattern IN ('full', 'split4', 'split3',
                                                 'half', 'alternate')),
    CHECK (end_week > start_week)
) STRICT;
CREATE INDEX form_group_form ON form_group (form_id, start_week);

-- The group a booking belongs to; a booking outside any form has no row.
CREATE TABLE booking_form (
    booking_id  INTEGER PRIMARY KEY REFERENCES booking (id) ON DELETE CASCADE,
    group_id    INTEGER NOT NULL REFERENCES form_group (id)
) STRICT;
CREATE INDEX booking_form_group ON booking_form (group_id);

-- An agreement between a home unit (NULL: the whole region) and a host
-- unit or a host provider over dates [from_date, to_date]: what the home
-- side pays per day, week, month or procedure (amount_ore, in öre), who
-- pays the trainee's salary, the ryggsäcksmedel that follow each trainee
-- (backpack_ore per full-time week) and the training duties.
CREATE TABLE agreement (
    id               INTEGER PRIMARY KEY,
    region_id        INTEGER NOT NULL REFERENCES region (id),
    home_unit_id     INTEGER REFERENCES unit (id) ON DELETE CASCADE,
    host_unit_id     INTEGER REFERENCES unit (id) ON DELETE CASCADE,
    host_provider_id INTEGER REFERENCES provider (id) ON DELETE CASCADE,
    from_date        TEXT NOT NULL CHECK (date(from_date, '+0 days') IS from_date),
    to_date          TEXT NOT NULL CHECK (date(to_date, '+0 days') IS to_date),
    model            TEXT NOT NULL CHECK (model IN ('none', 'per_day', 'per_week',
                                                    'per_month', 'per_procedure')),
    amount_ore       INTEGER NOT NULL CHECK (amount_ore BETWEEN 0 AND 100000000000),
    procedures_per_week INTEGER NOT NULL DEFAULT 0
                     CHECK (procedures_per_week BETWEEN 0 AND 1000),
    salary_payer     TEXT NOT NULL CHECK (salary_payer IN ('home', 'host', 'region')),
    backpack_ore     INTEGER NOT NULL DEFAULT 0
                     CHECK (backpack_ore BETWEEN 0 AND 100000000000),
    duties           TEXT NOT NULL DEFAULT '' CHECK (length(duties) <= 4000),
    CHECK ((host_unit_id IS NULL) <> (host_provider_id IS NULL)),
    CHECK (to_date >= from_date)
) STRICT;
CREATE INDEX agreement_region ON agreement (region_id, from_date);

-- The overview leaves bookings in a form out of its seats: a change to
-- the groups moves its generation on.
CREATE TRIGGER booking_form_insert_generation AFTER INSERT ON booking_form
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER booking_form_delete_generation AFTER DELETE ON booking_form
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
