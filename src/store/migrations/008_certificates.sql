-- Certificates (issue 13): who signed which certificate of a trainee, in
-- which role, when, and what the certificate said then. The certificates
-- themselves are not stored: they are made from the plan, the bookings and
-- the checklist whenever one is read. A certificate is named as the API
-- names it: "rotation-ID" (clinical service in booking ID), "activity-ID",
-- "bt" (the BT certificate of HSLF-FS 2021:8) or "summary" (the whole ST).
--
-- Numbered 008 with 007 taken by work done beside this one: the store
-- applies every migration a database lacks, in number order.
-- Written as 001 says; src/store/migrations/pg/008_certificates.sql is its
-- PostgreSQL twin.

CREATE TABLE certificate_signature (
    id          INTEGER PRIMARY KEY,
    trainee_id  INTEGER NOT NULL REFERENCES trainee (id) ON DELETE CASCADE,
    certificate TEXT NOT NULL CHECK (length(certificate) BETWEEN 2 AND 40),
    kind        TEXT NOT NULL CHECK (kind IN ('rotation', 'activity', 'bt',
                                              'summary')),
    booking_id  INTEGER REFERENCES booking (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activity (id) ON DELETE CASCADE,
    -- supervisor: the trainee's handledare; director: the studierektor of
    -- the trainee's home unit, who co-signs where the form asks.
    role        TEXT NOT NULL CHECK (role IN ('supervisor', 'director')),
    user_id     INTEGER REFERENCES app_user (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    at          TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
    -- The certificate's facts as they stood when it was signed (JSON).
    content     TEXT NOT NULL CHECK (length(content) BETWEEN 2 AND 200000),
    CHECK ((kind = 'rotation') = (booking_id IS NOT NULL)),
    CHECK ((kind = 'activity') = (activity_id IS NOT NULL)),
    CHECK (certificate = CASE kind WHEN 'rotation' THEN 'rotation-' || booking_id
                                   WHEN 'activity' THEN 'activity-' || activity_id
                                   ELSE kind END),
    UNIQUE (trainee_id, certificate, role)
) STRICT;
CREATE INDEX certificate_signature_booking ON certificate_signature (booking_id);
CREATE INDEX certificate_signature_activity ON certificate_signature (activity_id);
