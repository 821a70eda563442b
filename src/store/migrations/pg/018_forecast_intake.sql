-- The intake of new ST-läkare per specialty and year (issue 18's demand
-- forecast). The PostgreSQL twin of src/store/migrations/018_forecast_intake.sql.
CREATE TABLE forecast_intake (
    region_id    BIGINT NOT NULL REFERENCES region (id) ON DELETE CASCADE,
    specialty_id BIGINT NOT NULL REFERENCES specialty (id),
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2190),
    trainees     INTEGER NOT NULL CHECK (trainees BETWEEN 0 AND 10000),
    PRIMARY KEY (region_id, specialty_id, year)
);
