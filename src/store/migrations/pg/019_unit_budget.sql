-- A home unit's budget for its trainees' rotations per year (issue 18).
-- The PostgreSQL twin of src/store/migrations/019_unit_budget.sql.
CREATE TABLE unit_budget (
    unit_id    BIGINT NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    amount_ore BIGINT NOT NULL CHECK (amount_ore BETWEEN 0 AND 100000000000),
    weight     INTEGER CHECK (weight IS NULL OR weight BETWEEN 0 AND 1000000),
    PRIMARY KEY (unit_id, year)
);
