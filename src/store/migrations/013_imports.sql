-- Imports of CSV and Excel files (issue 15): who imported which file, when,
-- of what kind, and what became of its rows. Every row an import writes is
-- in the audit log with the import's id, so that an import can be read
-- back record by record. A dry run writes nothing, so it has no row here.
--
-- Written as 001 says; src/store/migrations/pg/013_imports.sql is its
-- PostgreSQL twin. It relies on no table of migrations 011 and 012.

CREATE TABLE data_import (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('units', 'capacity', 'supervisors',
                                             'trainees', 'leaves', 'needs',
                                             'bookings', 'users')),
    file_name  TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    format     TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    size       INTEGER NOT NULL CHECK (size >= 0),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    user_id    INTEGER REFERENCES app_user (id),
    actor      TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    at         TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
    row_count  INTEGER NOT NULL DEFAULT 0 CHECK (row_count >= 0),
    inserted   INTEGER NOT NULL DEFAULT 0 CHECK (inserted >= 0),
    updated    INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged  INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0)
) STRICT;
CREATE INDEX data_import_user ON data_import (user_id, id);

-- The import a write of the audit log belongs to; NULL for every other.
ALTER TABLE audit_log ADD COLUMN import_id INTEGER REFERENCES data_import (id);
CREATE INDEX audit_log_import ON audit_log (import_id) WHERE import_id IS NOT NULL;
