-- The re-offer of freed places (issue 14): the seat-weeks a cancelled
-- confirmed booking or added capacity frees, the offers of such a place to
-- the trainees who need it most, and the watches of people who want to be
-- told when a place frees. docs/reoffer.md says what counts as freed, how
-- candidates are ranked, and how offers and their deadlines work.
--
-- Written as 001 says; src/store/migrations/pg/011_reoffer.sql is its
-- PostgreSQL twin. It relies on the tables of 001 and 004 only.

-- Seat-weeks freed at a unit, in the same transaction as the change that
-- freed them: a confirmed booking cancelled (cause 'cancelled', its
-- booking) or capacity added or raised (cause 'capacity', its period). In
-- week w of [from_week, to_week) it frees seats x the occupancy of pattern
-- in placement week w - origin_week (a cancelled half-time booking frees
-- half a seat a week; capacity frees whole seats, pattern 'full'). Only
-- weeks from the week of the change on are freed. The place is offered
-- until as many offers as it has seats are accepted (closed_at). With
-- auto_offers above 0, Randa keeps that many offers open to the top
-- candidates, each answered within answer_hours.
CREATE TABLE freed_place (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    cause        TEXT NOT NULL CHECK (cause IN ('cancelled', 'capacity')),
    booking_id   INTEGER REFERENCES booking (id),
    capacity_id  INTEGER REFERENCES capacity (id) ON DELETE SET NULL,
    from_week    INTEGER NOT NULL CHECK (from_week BETWEEN -3652 AND 12000),
    to_week      INTEGER NOT NULL CHECK (to_week BETWEEN -3652 AND 12001),
    origin_week  INTEGER NOT NULL CHECK (origin_week BETWEEN -3652 AND 12000),
    pattern      TEXT NOT NULL CHECK (pattern IN ('full', 'split4', 'split3',
                                                  'half', 'alternate')),
    seats        INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 1000),
    freed_at     TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', freed_at, '+0 days') IS freed_at),
    freed_by     TEXT NOT NULL CHECK (length(freed_by) BETWEEN 1 AND 200),
    auto_offers  INTEGER NOT NULL DEFAULT 0 CHECK (auto_offers BETWEEN 0 AND 5),
    answer_hours INTEGER NOT NULL DEFAULT 48 CHECK (answer_hours BETWEEN 1 AND 720),
    accepted     INTEGER NOT NULL DEFAULT 0 CHECK (accepted BETWEEN 0 AND 1000),
    closed_at    TEXT CHECK (closed_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', closed_at, '+0 days') IS closed_at),
    CHECK (to_week > from_week),
    CHECK (origin_week <= from_week),
    CHECK ((cause = 'cancelled') = (booking_id IS NOT NULL)),
    CHECK (accepted <= seats)
) STRICT;
CREATE INDEX freed_place_unit ON freed_place (unit_id, to_week);
CREATE INDEX freed_place_at ON freed_place (freed_at);

-- An offer of a freed place to one open need: the placement the ranking
-- proposed (unit, start, pattern, weeks, end), its rank and gain when
-- offered, and its life: open until accepted (its booking, made and
-- confirmed in the same transaction), declined, expired after deadline,
-- gone (the place went to another acceptance, or the need was booked
-- elsewhere) or withdrawn by the receiving unit. A need is offered a place
-- once.
CREATE TABLE offer (
    id           INTEGER PRIMARY KEY,
    freed_id     INTEGER NOT NULL REFERENCES freed_place (id) ON DELETE CASCADE,
    need_id      INTEGER NOT NULL REFERENCES rotation_need (id) ON DELETE CASCADE,
    trainee_id   INTEGER NOT NULL REFERENCES trainee (id) ON DELETE CASCADE,
    unit_id      INTEGER NOT NULL REFERENCES unit (id),
    start_week   INTEGER NOT NULL CHECK (start_week BETWEEN -3652 AND 12000),
    end_week     INTEGER NOT NULL CHECK (end_week BETWEEN -3652 AND 12001),
    pattern      TEXT NOT NULL CHECK (pattern IN ('full', 'split4', 'split3',
                                                  'half', 'alternate')),
    weeks        INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
    rank         INTEGER NOT NULL CHECK (rank >= 1),
    gain         INTEGER NOT NULL,
    automatic    INTEGER NOT NULL CHECK (automatic IN (0, 1)),
    status       TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined',
                                                 'expired', 'gone', 'withdrawn')),
    offered_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', offered_at, '+0 days') IS offered_at),
    offered_by   TEXT NOT NULL CHECK (length(offered_by) BETWEEN 1 AND 200),
    deadline     TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deadline, '+0 days') IS deadline),
    answered_at  TEXT CHECK (answered_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', answered_at, '+0 days') IS answered_at),
    answered_by  TEXT CHECK (answered_by IS NULL OR length(answered_by) BETWEEN 1 AND 200),
    booking_id   INTEGER REFERENCES booking (id),
    CHECK (end_week > start_week),
    CHECK (deadline > offered_at),
    CHECK ((status = 'accepted') = (booking_id IS NOT NULL)),
    CHECK ((status = 'open') = (answered_at IS NULL)),
    UNIQUE (freed_id, need_id)
) STRICT;
CREATE INDEX offer_trainee ON offer (trainee_id, status);
CREATE INDEX offer_status ON offer (status, deadline);
CREATE INDEX offer_need ON offer (need_id);

-- A user's wish to be told when a place frees for a specialty, at a unit
-- or covering a goal (at least one of them; all given must match), with a
-- week of it in [from_week, to_week).
CREATE TABLE place_watch (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    specialty_id INTEGER REFERENCES specialty (id),
    unit_id      INTEGER REFERENCES unit (id) ON DELETE CASCADE,
    goal_id      INTEGER REFERENCES goal (id),
    from_week    INTEGER NOT NULL CHECK (from_week BETWEEN -3652 AND 12000),
    to_week      INTEGER NOT NULL CHECK (to_week BETWEEN -3652 AND 12001),
    created_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    CHECK (to_week > from_week),
    CHECK (specialty_id IS NOT NULL OR unit_id IS NOT NULL OR goal_id IS NOT NULL)
) STRICT;
CREATE INDEX place_watch_user ON place_watch (user_id);

-- A watch that fired: a freed place matched it, recorded in the same
-- transaction as the place.
CREATE TABLE place_watch_hit (
    watch_id     INTEGER NOT NULL REFERENCES place_watch (id) ON DELETE CASCADE,
    freed_id     INTEGER NOT NULL REFERENCES freed_place (id) ON DELETE CASCADE,
    at           TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
    PRIMARY KEY (watch_id, freed_id)
) STRICT;
CREATE INDEX place_watch_hit_freed ON place_watch_hit (freed_id);

-- A freed place moves what the place overview shows (its newly freed
-- seats), as bookings do (002).
CREATE TRIGGER freed_place_insert_generation AFTER INSERT ON freed_place
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;

-- The ranking of a freed place's candidates reads the trainees, their
-- needs and leave as well: a change to them moves the counter on too, so
-- that a ranking kept for a generation is never older than the data.
CREATE TRIGGER trainee_update_generation AFTER UPDATE ON trainee
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER rotation_need_insert_generation AFTER INSERT ON rotation_need
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER rotation_need_update_generation AFTER UPDATE ON rotation_need
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER rotation_need_delete_generation AFTER DELETE ON rotation_need
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER need_unit_insert_generation AFTER INSERT ON need_unit
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER need_unit_delete_generation AFTER DELETE ON need_unit
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER need_goal_insert_generation AFTER INSERT ON need_goal
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER need_goal_delete_generation AFTER DELETE ON need_goal
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER leave_insert_generation AFTER INSERT ON leave
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER leave_update_generation AFTER UPDATE ON leave
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER leave_delete_generation AFTER DELETE ON leave
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
