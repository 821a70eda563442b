-- The intake of new ST-läkare per specialty and year that the demand
-- forecast (issue 18) uses where it is entered; without a row the
-- forecast takes the trend of the last years' ST starts.
CREATE TABLE forecast_intake (
    region_id    INTEGER NOT NULL REFERENCES region (id) ON DELETE CASCADE,
    specialty_id INTEGER NOT NULL REFERENCES specialty (id),
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2190),
    trainees     INTEGER NOT NULL CHECK (trainees BETWEEN 0 AND 10000),
    PRIMARY KEY (region_id, specialty_id, year)
) STRICT;
