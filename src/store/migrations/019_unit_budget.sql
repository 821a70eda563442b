-- A home unit's budget for its trainees' rotations per year (issue 18):
-- what the optimiser may spend on the costs of their bookings under the
-- agreements (src/domain/cost.c). amount_ore in öre; weight NULL makes the
-- budget a hard limit, else it is the score points per 1 000 kr over it
-- (planning format 1.1, unit "budget"). src/store/migrations/pg/019_unit_budget.sql
-- is its PostgreSQL twin.
CREATE TABLE unit_budget (
    unit_id    INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    amount_ore INTEGER NOT NULL CHECK (amount_ore BETWEEN 0 AND 100000000000),
    weight     INTEGER CHECK (weight IS NULL OR weight BETWEEN 0 AND 1000000),
    PRIMARY KEY (unit_id, year)
) STRICT;
