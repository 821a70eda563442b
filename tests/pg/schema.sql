-- Checks of the PostgreSQL schema (src/store/migrations/pg/), run by
-- tests/pg/schema.sh on a new database where 001..005 were applied: the
-- CHECKs take good rows and refuse bad ones, foreign keys and unique
-- indexes hold, the triggers move generation.value, and the functions
-- that stand in for SQLite's give what SQLite gives. A check that fails
-- raises an error, which stops psql (ON_ERROR_STOP); the last line counts
-- the checks that passed.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
-- Only the last line is output.
\o /dev/null

CREATE TEMP TABLE checks (what text NOT NULL);

-- got must be want (NULL only as NULL).
CREATE FUNCTION pg_temp.eq(got anyelement, want anyelement, what text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF got IS DISTINCT FROM want THEN
        RAISE EXCEPTION 'FAIL %: got %, want %', what,
            coalesce(got::text, 'NULL'), coalesce(want::text, 'NULL');
    END IF;
    INSERT INTO checks VALUES (what);
END
$$;

-- stmt must fail with SQLSTATE state (23514 check, 23505 unique, 23503
-- foreign key, 23502 not null), and change nothing.
CREATE FUNCTION pg_temp.refuses(stmt text, state text, what text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE stmt;
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE <> state THEN
            RAISE EXCEPTION 'FAIL %: % failed with % (%), want %', what, stmt,
                SQLSTATE, SQLERRM, state;
        END IF;
        INSERT INTO checks VALUES (what);
        RETURN;
    END;
    RAISE EXCEPTION 'FAIL %: % was accepted, want error %', what, stmt, state;
END
$$;

-- Moves each identity on past the ids the rows below give themselves, as
-- a copy of SQLite's rows into PostgreSQL must.
CREATE FUNCTION pg_temp.sync_ids() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c record;
    top bigint;
BEGIN
    FOR c IN SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP
        EXECUTE format('SELECT max(%I) FROM %I', c.column_name, c.table_name)
            INTO top;
        IF top IS NOT NULL THEN
            PERFORM setval(pg_get_serial_sequence(c.table_name, c.column_name),
                           top);
        END IF;
    END LOOP;
END
$$;

-- stmt must succeed.
CREATE FUNCTION pg_temp.takes(stmt text, what text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    PERFORM pg_temp.sync_ids();
    INSERT INTO checks VALUES (what);
EXCEPTION WHEN OTHERS THEN
    RAISE EXCEPTION 'FAIL %: % failed: % (%)', what, stmt, SQLERRM, SQLSTATE;
END
$$;

-- generation.value now.
CREATE FUNCTION pg_temp.gen() RETURNS bigint LANGUAGE sql AS
$$ SELECT value FROM generation WHERE id = 1 $$;

-- ---- Dates, times and their checks ----

SELECT pg_temp.eq(randa_is_date('2027-01-31'), true, 'is_date 2027-01-31');
SELECT pg_temp.eq(randa_is_date('2028-02-29'), true, 'is_date leap day');
SELECT pg_temp.eq(randa_is_date('2027-02-29'), false, 'is_date 2027-02-29');
SELECT pg_temp.eq(randa_is_date('2027-02-30'), false, 'is_date 2027-02-30');
SELECT pg_temp.eq(randa_is_date('2027-13-01'), false, 'is_date month 13');
SELECT pg_temp.eq(randa_is_date('2027-1-05'), false, 'is_date short month');
SELECT pg_temp.eq(randa_is_date('2027-01-05T00:00:00Z'), false,
                  'is_date a time');
SELECT pg_temp.eq(randa_is_date('0000-02-29'), true, 'is_date year 0000');
SELECT pg_temp.eq(randa_is_date(NULL), NULL::boolean, 'is_date NULL');
SELECT pg_temp.eq(randa_is_time('2026-03-01T08:00:00Z'), true, 'is_time');
SELECT pg_temp.eq(randa_is_time('2026-03-01T23:59:59Z'), true,
                  'is_time 23:59:59');
SELECT pg_temp.eq(randa_is_time('2026-03-01T24:00:00Z'), false,
                  'is_time hour 24');
SELECT pg_temp.eq(randa_is_time('2026-03-01T23:59:60Z'), false,
                  'is_time second 60');
SELECT pg_temp.eq(randa_is_time('2026-03-01 08:00:00Z'), false,
                  'is_time space');
SELECT pg_temp.eq(randa_is_time('2026-03-01T08:00:00'), false, 'is_time no Z');
SELECT pg_temp.eq(randa_is_time('2026-03-01T08:00:00.5Z'), false,
                  'is_time fraction');
SELECT pg_temp.eq(randa_is_time('2027-02-30T08:00:00Z'), false,
                  'is_time 2027-02-30');

SELECT pg_temp.eq(date('2027-01-31', '+1 day'), '2027-02-01', 'date +1 day');
SELECT pg_temp.eq(date('2027-03-01', '-1 days'), '2027-02-28', 'date -1 days');
SELECT pg_temp.eq(date('2028-03-01', '-1 days'), '2028-02-29',
                  'date -1 days leap');
SELECT pg_temp.eq(date('2027-01-31', '+0 days'), '2027-01-31', 'date +0 days');
SELECT pg_temp.eq(date('2027-12-31', '+400 days'), '2029-02-03',
                  'date +400 days');
SELECT pg_temp.eq(date('2027-01-31T23:00:00Z', '+1 day'), '2027-02-01',
                  'date of a time +1 day');
-- SQLite rolls a day past the month's end over; it does not refuse it.
SELECT pg_temp.eq(date('2027-02-30', '+0 days'), '2027-03-02',
                  'date rolls 2027-02-30 over');
SELECT pg_temp.eq(date('2027-13-01', '+1 day'), NULL::text, 'date month 13');
SELECT pg_temp.eq(date('no date', '+1 day'), NULL::text, 'date of no date');
SELECT pg_temp.eq(date(NULL, '+1 day'), NULL::text, 'date of NULL');
SELECT pg_temp.refuses($$ SELECT date('2027-01-31', 'start of month') $$,
                       '0A000', 'date: an unknown modifier raises');

SELECT pg_temp.eq(julianday('2026-01-01T00:00:00Z'), 2461041.5::float8,
                  'julianday of a time');
SELECT pg_temp.eq(julianday('2026-01-01'), 2461041.5::float8,
                  'julianday of a date');
SELECT pg_temp.eq(julianday('2026-01-01T12:00:00Z'), 2461042::float8,
                  'julianday noon');
SELECT pg_temp.eq(julianday('1970-01-01'), 2440587.5::float8,
                  'julianday 1970');
SELECT pg_temp.eq(julianday('2026-13-01'), NULL::float8, 'julianday bad');
-- As the query of src/store/plans.c that ends runs left running: the same
-- double as SQLite's, 89.99999463558197, not quite 90.
SELECT pg_temp.eq((julianday('2026-01-01T00:01:30Z')
                   - julianday('2026-01-01T00:00:00Z')) * 86400,
                  89.99999463558197::float8, 'julianday difference in seconds');

SELECT pg_temp.eq(instr('Skåne', 'å'), 3, 'instr');
SELECT pg_temp.eq(instr('Skåne', 'x'), 0, 'instr none');
SELECT pg_temp.eq(instr('Skåne', ''), 1, 'instr empty');
SELECT pg_temp.eq(instr(NULL, 'x'), NULL::integer, 'instr NULL');
-- The fold of src/store/ref.c (STORE_HAS) finds Swedish letters whatever
-- their case.
SELECT pg_temp.eq(instr(replace(replace(replace(replace(replace(
                      lower('ÖSTRA SKÅNE'), 'Å', 'å'), 'Ä', 'ä'), 'Ö', 'ö'),
                      'É', 'é'), 'Ü', 'ü'),
                  replace(replace(replace(replace(replace(
                      lower('östra skå'), 'Å', 'å'), 'Ä', 'ä'), 'Ö', 'ö'),
                      'É', 'é'), 'Ü', 'ü')) > 0,
                  true, 'instr of folded Swedish text');

SELECT pg_temp.eq((SELECT group_concat(x, ', ')
                   FROM (VALUES (1, 'a'), (2, NULL), (3, 'c')) v(n, x)),
                  'a, c', 'group_concat skips NULL');
SELECT pg_temp.eq((SELECT group_concat(x, ', ')
                   FROM (VALUES ('a')) v(x) WHERE false),
                  NULL::text, 'group_concat of no rows');
SELECT pg_temp.eq((SELECT group_concat(x, ', ')
                   FROM (VALUES (NULL::text)) v(x)),
                  NULL::text, 'group_concat of NULL only');
SELECT pg_temp.eq((SELECT group_concat(x) FROM (VALUES ('a'), ('b')) v(x)),
                  'a,b', 'group_concat with the default separator');

-- ---- Reference data ----

SELECT pg_temp.takes($$ INSERT INTO region (id, code, name)
                        VALUES (1, 'skane', 'Region Skåne'),
                               (2, 'vgr', 'Västra Götalandsregionen') $$,
                     'region');
SELECT pg_temp.refuses($$ INSERT INTO region (code, name) VALUES ('', 'x') $$,
                       '23514', 'region: empty code');
SELECT pg_temp.refuses($$ INSERT INTO region (code, name) VALUES ('skane', 'y') $$,
                       '23505', 'region: code taken');
-- Ids given and ids made share one sequence once it is moved on.
SELECT pg_temp.takes($$ INSERT INTO region (code, name)
                        VALUES ('sthlm', 'Region Stockholm') $$,
                     'region with an identity id');
-- (Refused inserts use up numbers too: PostgreSQL leaves gaps where SQLite
-- takes the largest id plus one.)
SELECT pg_temp.eq((SELECT id > 2 FROM region WHERE code = 'sthlm'), true,
                  'region: identity id after the ids given');

SELECT pg_temp.takes($$ INSERT INTO provider (id, name, org_nr, kind)
                        VALUES (1, 'Region Skåne', '232100-0255', 'public') $$,
                     'provider');
SELECT pg_temp.refuses($$ INSERT INTO provider (name, org_nr, kind)
                          VALUES ('x', '2321000255', 'public') $$,
                       '23514', 'provider: org_nr without dash');
SELECT pg_temp.refuses($$ INSERT INTO provider (name, org_nr, kind)
                          VALUES ('x', '232100-025a', 'public') $$,
                       '23514', 'provider: org_nr with a letter');
SELECT pg_temp.refuses($$ INSERT INTO provider (name, org_nr, kind)
                          VALUES ('x', '232100-02555', 'public') $$,
                       '23514', 'provider: org_nr too long');
SELECT pg_temp.refuses($$ INSERT INTO provider (name, org_nr, kind)
                          VALUES ('x', '232100-0256', 'other') $$,
                       '23514', 'provider: kind');

SELECT pg_temp.takes($$ INSERT INTO site (id, region_id, name, city)
                        VALUES (1, 1, 'SUS', 'Lund') $$, 'site');
SELECT pg_temp.refuses($$ INSERT INTO site (region_id, name, city)
                          VALUES (9, 'X', 'Y') $$,
                       '23503', 'site: unknown region');
SELECT pg_temp.takes($$ INSERT INTO area (id, region_id, name)
                        VALUES (1, 1, 'Sydväst') $$, 'area');
SELECT pg_temp.refuses($$ INSERT INTO area (region_id, name)
                          VALUES (1, 'Sydväst') $$,
                       '23505', 'area: name taken in the region');

SELECT pg_temp.takes($$ INSERT INTO specialty (id, code, name_sv, name_en, kind,
                                               parent_id)
                        VALUES (1, 'allm', 'Allmänmedicin', 'General practice',
                                'bas', NULL),
                               (2, 'inter', 'Internmedicin', 'Internal medicine',
                                'bas', NULL),
                               (3, 'kard', 'Kardiologi', 'Cardiology', 'gren', 2) $$,
                     'specialty');
SELECT pg_temp.refuses($$ INSERT INTO specialty (code, name_sv, name_en, kind)
                          VALUES ('x', 'X', 'X', 'gren') $$,
                       '23514', 'specialty: gren without parent');
SELECT pg_temp.refuses($$ INSERT INTO specialty (code, name_sv, name_en, kind,
                                                 parent_id)
                          VALUES ('y', 'Y', 'Y', 'bas', 1) $$,
                       '23514', 'specialty: bas with parent');
SELECT pg_temp.refuses($$ UPDATE specialty SET parent_id = 3 WHERE id = 3 $$,
                       '23514', 'specialty: its own parent');

SELECT pg_temp.takes($$ INSERT INTO goal (id, regulation, specialty_id, code, title)
                        VALUES (1, '2021', NULL, 'STa1', 'Hälso- och sjukvårdens förutsättningar'),
                               (2, '2021', 1, 'STc1', 'Allmänmedicinsk kompetens'),
                               (3, '2015', NULL, 'STa1', 'Samma kod, annan föreskrift') $$,
                     'goal');
SELECT pg_temp.refuses($$ INSERT INTO goal (regulation, specialty_id, code, title)
                          VALUES ('2021', NULL, 'STa1', 'Twice') $$,
                       '23505', 'goal: common code taken (partial index)');
SELECT pg_temp.takes($$ INSERT INTO goal (id, regulation, specialty_id, code, title)
                        VALUES (4, '2021', 2, 'STc1', 'Same code, other specialty') $$,
                     'goal: same code for another specialty');
SELECT pg_temp.refuses($$ INSERT INTO goal (regulation, specialty_id, code, title)
                          VALUES ('2021', 1, 'STc1', 'Twice') $$,
                       '23505', 'goal: specialty code taken');
SELECT pg_temp.refuses($$ INSERT INTO goal (regulation, code, title)
                          VALUES ('2020', 'x', 'Bad regulation') $$,
                       '23514', 'goal: regulation');

-- ---- Units and the generation counter ----

SELECT pg_temp.eq(pg_temp.gen(), 0::bigint, 'generation starts at 0');
SELECT pg_temp.takes($$ INSERT INTO unit (id, region_id, provider_id, site_id,
                                          area_id, specialty_id, name, hsa_id,
                                          kind, takes_trainees, max_away)
                        VALUES (1, 1, 1, 1, 1, 1, 'VC Lund', 'SE2321000255-AB12',
                                'primary_care', 1, 2),
                               (2, 1, 1, NULL, NULL, 3, 'Kardiologen SUS',
                                'SE2321000255-K9', 'hospital_clinic', 1, NULL) $$,
                     'unit');
SELECT pg_temp.eq(pg_temp.gen(), 2::bigint,
                  'generation: one step per unit inserted');
SELECT pg_temp.refuses($$ INSERT INTO unit (region_id, provider_id, specialty_id,
                                            name, hsa_id, kind)
                          VALUES (1, 1, 1, 'x', 'SE2321000255-AB_C', 'primary_care') $$,
                       '23514', 'unit: hsa_id with _');
SELECT pg_temp.refuses($$ INSERT INTO unit (region_id, provider_id, specialty_id,
                                            name, hsa_id, kind)
                          VALUES (1, 1, 1, 'x', 'SE232100025-ABCD', 'primary_care') $$,
                       '23514', 'unit: hsa_id with 9 digits');
SELECT pg_temp.refuses($$ INSERT INTO unit (region_id, provider_id, specialty_id,
                                            name, hsa_id, kind)
                          VALUES (1, 1, 1, 'x', 'se2321000255-ABCD', 'primary_care') $$,
                       '23514', 'unit: hsa_id in lower case (GLOB is case-sensitive)');
SELECT pg_temp.refuses($$ INSERT INTO unit (region_id, provider_id, specialty_id,
                                            name, hsa_id, kind)
                          VALUES (1, 1, 1, 'x', 'SE2321000255-', 'primary_care') $$,
                       '23514', 'unit: hsa_id too short');
SELECT pg_temp.refuses($$ INSERT INTO unit (region_id, provider_id, specialty_id,
                                            name, hsa_id, kind)
                          VALUES (1, 1, 1, 'x', E'SE2321000255-AB\n', 'primary_care') $$,
                       '23514', 'unit: hsa_id ending in a newline');
SELECT pg_temp.refuses($$ INSERT INTO unit (region_id, provider_id, specialty_id,
                                            name, hsa_id, kind, takes_trainees)
                          VALUES (1, 1, 1, 'x', 'SE2321000255-X1', 'primary_care', 2) $$,
                       '23514', 'unit: takes_trainees is 0 or 1');
SELECT pg_temp.refuses($$ INSERT INTO unit (region_id, provider_id, specialty_id,
                                            name, hsa_id, kind)
                          VALUES (1, 1, 9, 'x', 'SE2321000255-X2', 'primary_care') $$,
                       '23503', 'unit: unknown specialty');
SELECT pg_temp.eq(pg_temp.gen(), 2::bigint,
                  'generation: refused inserts move nothing');

SELECT pg_temp.takes($$ INSERT INTO unit_goal (unit_id, goal_id)
                        VALUES (1, 1), (1, 2), (2, 1) $$, 'unit_goal');
SELECT pg_temp.eq(pg_temp.gen(), 5::bigint, 'generation: unit_goal inserts');
SELECT pg_temp.takes($$ UPDATE unit SET max_away = 3 WHERE id = 1 $$,
                     'unit update');
SELECT pg_temp.takes($$ UPDATE unit SET max_away = 3 WHERE id = 99 $$,
                     'unit update of no row');
SELECT pg_temp.eq(pg_temp.gen(), 6::bigint,
                  'generation: one step per row updated, none for no row');
SELECT pg_temp.takes($$ UPDATE provider SET name = 'Region Skåne (vård)' $$,
                     'provider update');
SELECT pg_temp.takes($$ UPDATE area SET name = 'Sydvästra Skåne' $$, 'area update');
SELECT pg_temp.takes($$ UPDATE specialty SET name_en = name_en $$,
                     'specialty update');
SELECT pg_temp.eq(pg_temp.gen(), 11::bigint,
                  'generation: provider, area and specialty updates');
SELECT pg_temp.takes($$ UPDATE region SET name = name $$, 'region update');
SELECT pg_temp.takes($$ INSERT INTO provider (id, name, org_nr, kind)
                        VALUES (2, 'Doktorn AB', '556000-0001', 'private') $$,
                     'provider insert');
SELECT pg_temp.eq(pg_temp.gen(), 11::bigint,
                  'generation: no trigger on region, nor on provider inserts');

-- ---- People ----

SELECT pg_temp.takes($$ INSERT INTO person (id, name, email, hsa_id)
                        VALUES (1, 'Anna Åberg', 'anna@example.se', NULL),
                               (2, 'Björn Öst', 'bjorn@example.se',
                                'SE2321000255-P1') $$, 'person');
SELECT pg_temp.refuses($$ INSERT INTO person (name, email) VALUES ('x', 'x@') $$,
                       '23514', 'person: email without domain');
SELECT pg_temp.refuses($$ INSERT INTO person (name, email)
                          VALUES ('x', 'ANNA@example.se'), ('y', 'anna@example.se') $$,
                       '23505', 'person: email taken');

SELECT pg_temp.takes($$ INSERT INTO supervisor (id, person_id, unit_id, trained_on,
                                                specialist_since)
                        VALUES (1, 2, 1, '2020-02-29', NULL) $$, 'supervisor');
SELECT pg_temp.refuses($$ INSERT INTO supervisor (person_id, unit_id, trained_on)
                          VALUES (2, 2, '2027-02-30') $$,
                       '23514', 'supervisor: trained_on 2027-02-30');
SELECT pg_temp.refuses($$ INSERT INTO supervisor (person_id, unit_id,
                                                  specialist_since)
                          VALUES (2, 2, '2027-2-3') $$,
                       '23514', 'supervisor: specialist_since not YYYY-MM-DD');

SELECT pg_temp.takes($$ INSERT INTO trainee (id, person_id, specialty_id, regulation,
                                             home_unit_id, supervisor_id,
                                             start_date, fte, planned_end, status)
                        VALUES (1, 1, 1, '2021', 1, 1, '2026-01-15', 100,
                                '2031-01-14', 'active') $$, 'trainee');
SELECT pg_temp.refuses($$ INSERT INTO trainee (person_id, specialty_id, regulation,
                                               home_unit_id, start_date, fte,
                                               planned_end, status)
                          VALUES (2, 1, '2021', 1, '2027-02-30', 100,
                                  '2031-01-14', 'active') $$,
                       '23514', 'trainee: start_date 2027-02-30');
SELECT pg_temp.refuses($$ INSERT INTO trainee (person_id, specialty_id, regulation,
                                               home_unit_id, start_date, fte,
                                               planned_end, status)
                          VALUES (2, 1, '2021', 1, '2026-01-15', 100,
                                  '2026-01-15', 'active') $$,
                       '23514', 'trainee: planned_end not after start_date');
SELECT pg_temp.refuses($$ INSERT INTO trainee (person_id, specialty_id, regulation,
                                               home_unit_id, start_date, fte,
                                               planned_end, status)
                          VALUES (2, 1, '2021', 1, '2026-01-15', 0,
                                  '2031-01-14', 'active') $$,
                       '23514', 'trainee: fte 0');
SELECT pg_temp.refuses($$ INSERT INTO trainee (person_id, specialty_id, regulation,
                                               home_unit_id, start_date, fte,
                                               planned_end, status)
                          VALUES (1, 1, '2021', 1, '2026-01-15', 50,
                                  '2031-01-14', 'active') $$,
                       '23505', 'trainee: one training per person and specialty');

SELECT pg_temp.takes($$ INSERT INTO leave (id, trainee_id, from_date, to_date, kind)
                        VALUES (1, 1, '2027-06-01', '2027-06-01', 'sick') $$,
                     'leave of one day');
SELECT pg_temp.refuses($$ INSERT INTO leave (trainee_id, from_date, to_date, kind)
                          VALUES (1, '2027-06-02', '2027-06-01', 'sick') $$,
                       '23514', 'leave: to_date before from_date');
SELECT pg_temp.refuses($$ INSERT INTO leave (trainee_id, from_date, to_date, kind)
                          VALUES (1, '2027-06-01', '2027-06-31', 'sick') $$,
                       '23514', 'leave: to_date 2027-06-31');

SELECT pg_temp.takes($$ INSERT INTO rotation_need (id, trainee_id, specialty_id,
                                                   weeks, patterns,
                                                   preferred_start, status)
                        VALUES (1, 1, 3, 12, 31, 2950, 'open'),
                               (2, 1, NULL, 8, 1, NULL, 'open') $$,
                     'rotation_need');
SELECT pg_temp.refuses($$ INSERT INTO rotation_need (trainee_id, weeks, patterns,
                                                     status)
                          VALUES (1, 8, 32, 'open') $$,
                       '23514', 'rotation_need: patterns 32');
SELECT pg_temp.takes($$ INSERT INTO need_unit (need_id, unit_id) VALUES (2, 2) $$,
                     'need_unit');
SELECT pg_temp.takes($$ INSERT INTO need_goal (need_id, goal_id) VALUES (1, 1) $$,
                     'need_goal');
SELECT pg_temp.refuses($$ INSERT INTO need_goal (need_id, goal_id) VALUES (1, 1) $$,
                       '23505', 'need_goal: twice');

-- ---- Capacity and bookings ----

SELECT pg_temp.takes($$ INSERT INTO capacity (id, unit_id, from_week, to_week,
                                              seats, patterns, note)
                        VALUES (1, 2, 2900, 3000, 2, 31, 'vår'),
                               (2, 2, 3000, 3100, 1, 1, DEFAULT) $$, 'capacity');
-- Since 011 the leave, the two needs and their unit and goal moved it too
-- (5), as the ranking of a freed place reads them.
SELECT pg_temp.eq(pg_temp.gen(), 18::bigint, 'generation: capacity inserts');
SELECT pg_temp.refuses($$ INSERT INTO capacity (unit_id, from_week, to_week,
                                                seats, patterns)
                          VALUES (2, 3100, 3100, 1, 1) $$,
                       '23514', 'capacity: empty period');
SELECT pg_temp.takes($$ UPDATE capacity SET seats = seats + 1 $$,
                     'capacity update');
SELECT pg_temp.eq(pg_temp.gen(), 20::bigint, 'generation: capacity updates');

SELECT pg_temp.takes($$ INSERT INTO booking (id, trainee_id, need_id, unit_id,
                                             start_week, end_week, pattern,
                                             weeks, status, cancel_reason,
                                             created_at, updated_at)
                        VALUES (1, 1, 1, 2, 2950, 2962, 'full', 12, 'requested',
                                NULL, '2026-03-01T08:00:00Z',
                                '2026-03-01T08:00:00Z') $$, 'booking');
SELECT pg_temp.eq(pg_temp.gen(), 21::bigint, 'generation: booking insert');
SELECT pg_temp.refuses($$ INSERT INTO booking (trainee_id, unit_id, start_week,
                                               end_week, pattern, weeks, status,
                                               created_at, updated_at)
                          VALUES (1, 2, 2950, 2962, 'full', 12, 'requested',
                                  '2026-03-01T24:00:00Z', '2026-03-01T08:00:00Z') $$,
                       '23514', 'booking: created_at hour 24');
SELECT pg_temp.refuses($$ INSERT INTO booking (trainee_id, unit_id, start_week,
                                               end_week, pattern, weeks, status,
                                               created_at, updated_at)
                          VALUES (1, 2, 2950, 2962, 'full', 12, 'requested',
                                  '2026-03-01T08:00:00Z', '2026-03-01 08:00:00') $$,
                       '23514', 'booking: updated_at not ISO with Z');
SELECT pg_temp.refuses($$ UPDATE booking SET status = 'cancelled' WHERE id = 1 $$,
                       '23514', 'booking: cancelled without a reason');
SELECT pg_temp.refuses($$ UPDATE booking SET cancel_reason = 'other' WHERE id = 1 $$,
                       '23514', 'booking: a reason but not cancelled');
SELECT pg_temp.refuses($$ INSERT INTO booking (trainee_id, unit_id, start_week,
                                               end_week, pattern, weeks, status,
                                               created_at, updated_at)
                          VALUES (1, 99, 2950, 2962, 'full', 12, 'requested',
                                  '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z') $$,
                       '23503', 'booking: unknown unit');
SELECT pg_temp.eq(pg_temp.gen(), 21::bigint,
                  'generation: refused booking writes move nothing');
SELECT pg_temp.takes($$ UPDATE booking SET status = 'cancelled',
                               cancel_reason = 'sick_leave',
                               updated_at = '2026-03-02T09:30:00Z' WHERE id = 1 $$,
                     'booking cancelled with a reason');
SELECT pg_temp.takes($$ DELETE FROM booking WHERE id = 1 $$, 'booking delete');
SELECT pg_temp.eq(pg_temp.gen(), 23::bigint,
                  'generation: booking update and delete');

SELECT pg_temp.takes($$ INSERT INTO audit_log (at, actor, entity, entity_id, action,
                                               before_json, after_json)
                        VALUES ('2026-03-01T08:00:00Z', 'system', 'booking', 1,
                                'insert', NULL, '{}') $$, 'audit_log');
SELECT pg_temp.refuses($$ INSERT INTO audit_log (at, actor, entity, entity_id,
                                                 action)
                          VALUES ('2026-03-01T08:00:00Z', 'system', 'booking', 1,
                                  'delete') $$,
                       '23514', 'audit_log: neither before nor after');
SELECT pg_temp.refuses($$ INSERT INTO audit_log (at, actor, entity, entity_id,
                                                 action, after_json)
                          VALUES ('2026-02-29T08:00:00Z', 'system', 'booking', 1,
                                  'insert', '{}') $$,
                       '23514', 'audit_log: at on 2026-02-29');

-- Deleting a unit takes its goals and periods along, and each of those
-- rows moves the counter as well: 1 unit, 1 unit_goal, 2 capacity; and
-- (since 011) the need_unit row deleted before it.
SELECT pg_temp.takes($$ DELETE FROM need_unit WHERE unit_id = 2 $$,
                     'need_unit delete');
SELECT pg_temp.takes($$ DELETE FROM unit WHERE id = 2 $$, 'unit delete');
SELECT pg_temp.eq((SELECT count(*) FROM capacity WHERE unit_id = 2), 0::bigint,
                  'unit delete cascades to capacity');
SELECT pg_temp.eq((SELECT count(*) FROM unit_goal WHERE unit_id = 2), 0::bigint,
                  'unit delete cascades to unit_goal');
SELECT pg_temp.eq(pg_temp.gen(), 28::bigint,
                  'generation: unit delete and its cascades');
SELECT pg_temp.refuses($$ DELETE FROM unit WHERE id = 1 $$,
                       '23503', 'unit: still a home unit');

-- ---- Plan runs ----

SELECT pg_temp.takes($$ INSERT INTO plan_run (id, created_at, updated_at, region_id,
                                              status, time_limit, seed, threads)
                        VALUES (1, '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z',
                                1, 'queued', 60.5, 4294967296, 4) $$, 'plan_run');
SELECT pg_temp.refuses($$ UPDATE plan_run SET status = 'done',
                                 finished_at = '2026-03-01T08:01:00Z' WHERE id = 1 $$,
                       '23514', 'plan_run: done without a plan');
SELECT pg_temp.refuses($$ UPDATE plan_run SET finished_at = '2026-03-01T08:01:00Z'
                          WHERE id = 1 $$,
                       '23514', 'plan_run: queued but finished');
SELECT pg_temp.refuses($$ UPDATE plan_run SET time_limit = 0 WHERE id = 1 $$,
                       '23514', 'plan_run: time_limit 0');
SELECT pg_temp.refuses($$ UPDATE plan_run SET cancel_requested = 2 WHERE id = 1 $$,
                       '23514', 'plan_run: cancel_requested 2');
-- The query of src/store/plans.c that fails runs whose process is gone,
-- with its parameters written in.
SELECT pg_temp.takes($$ UPDATE plan_run SET status = 'running',
                               started_at = '2026-03-01T08:00:00Z' WHERE id = 1 $$,
                     'plan_run running');
SELECT pg_temp.takes($$ UPDATE plan_run SET status = 'failed',
                               error = 'stopped: the process running it ended',
                               finished_at = '2026-03-01T08:02:00Z',
                               updated_at = '2026-03-01T08:02:00Z'
                        WHERE status = 'running'
                        AND (julianday('2026-03-01T08:02:00Z')
                             - julianday(started_at)) * 86400 > time_limit + 30 $$,
                     'plan_run: the query that ends stale runs');
SELECT pg_temp.eq((SELECT status FROM plan_run WHERE id = 1), 'failed',
                  'plan_run: the stale run ended');

-- ---- Users, sessions, tokens, events ----

SELECT pg_temp.takes($$ INSERT INTO app_user (id, username, name, person_id,
                                              password_hash, disabled,
                                              created_at, password_at)
                        VALUES (1, 'anna.aberg', 'Anna Åberg', 1,
                                '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA',
                                0, '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z'),
                               (2, 'admin', 'Admin', NULL,
                                '$ARGON2ID$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA',
                                0, '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z') $$,
                     'app_user (the prefix in any case, as SQLite''s LIKE)');
SELECT pg_temp.refuses($$ INSERT INTO app_user (username, name, password_hash,
                                                created_at, password_at)
                          VALUES ('Anna Å', 'x', '$argon2id$x',
                                  '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z') $$,
                       '23514', 'app_user: username with capitals and a space');
SELECT pg_temp.refuses($$ INSERT INTO app_user (username, name, password_hash,
                                                created_at, password_at)
                          VALUES ('bjorn', 'x', '$2b$12$bcrypt',
                                  '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z') $$,
                       '23514', 'app_user: not an argon2id hash');
SELECT pg_temp.refuses($$ UPDATE app_user SET disabled = -1 WHERE id = 1 $$,
                       '23514', 'app_user: disabled -1');

SELECT pg_temp.takes($$ INSERT INTO user_role (user_id, role, scope, scope_id)
                        VALUES (1, 'director', 'unit', 1),
                               (1, 'coordinator', 'region', 1),
                               (2, 'admin', 'all', NULL) $$, 'user_role');
SELECT pg_temp.refuses($$ INSERT INTO user_role (user_id, role, scope, scope_id)
                          VALUES (2, 'admin', 'all', 1) $$,
                       '23514', 'user_role: admin with an id');
SELECT pg_temp.refuses($$ INSERT INTO user_role (user_id, role, scope, scope_id)
                          VALUES (2, 'director', 'region', 1) $$,
                       '23514', 'user_role: director of a region');
SELECT pg_temp.refuses($$ INSERT INTO user_role (user_id, role, scope, scope_id)
                          VALUES (1, 'director', 'unit', 1) $$,
                       '23505', 'user_role: twice');
-- The list of users of src/store/users.c, unchanged.
SELECT pg_temp.eq((SELECT coalesce((SELECT group_concat(r.role || CASE WHEN r.scope_id IS
                       NULL THEN '' ELSE ':' || r.scope || '=' || r.scope_id END, ', ')
                       FROM user_role r WHERE r.user_id = u.id), '')
                   FROM app_user u WHERE u.id = 1),
                  'director:unit=1, coordinator:region=1',
                  'the users query with group_concat');

SELECT pg_temp.takes(format($$ INSERT INTO session (token_hash, user_id, csrf,
                                                   created_at, seen_at, address,
                                                   user_agent)
                               VALUES (%L, 1, %L, 1772352000, 1772352000,
                                       '127.0.0.1', 'test') $$,
                            repeat('a', 64), repeat('c', 43)), 'session');
SELECT pg_temp.refuses(format($$ INSERT INTO session (token_hash, user_id, csrf,
                                                     created_at, seen_at, address,
                                                     user_agent)
                                 VALUES (%L, 1, %L, 1772352000, 1772351999, '', '') $$,
                              repeat('b', 64), repeat('c', 43)),
                       '23514', 'session: seen before created');
SELECT pg_temp.refuses($$ INSERT INTO session (token_hash, user_id, csrf, created_at,
                                               seen_at, address, user_agent)
                          VALUES ('abc', 1, 'x', 1, 1, '', '') $$,
                       '23514', 'session: short hash');
-- Seconds after 2038 fit.
SELECT pg_temp.takes(format($$ INSERT INTO api_token (user_id, name, token_hash,
                                                     access, created_at, expires_at)
                               VALUES (1, 'ci', %L, 'read', 1772352000,
                                       4102444800) $$, repeat('d', 64)),
                     'api_token');
SELECT pg_temp.refuses(format($$ INSERT INTO api_token (user_id, name, token_hash,
                                                       access, created_at,
                                                       expires_at)
                                 VALUES (1, 'ci', %L, 'read', 100, 100) $$,
                              repeat('e', 64)),
                       '23514', 'api_token: expires when created');

-- The upsert of src/store/auth.c.
SELECT pg_temp.takes($$ INSERT INTO login_throttle (key, failures, first_at,
                                                    locked_until)
                        VALUES ('addr:127.0.0.1', 1, 1772352000, 0)
                        ON CONFLICT (key) DO UPDATE SET
                        failures = excluded.failures,
                        first_at = excluded.first_at,
                        locked_until = excluded.locked_until $$, 'login_throttle');
SELECT pg_temp.takes($$ INSERT INTO login_throttle (key, failures, first_at,
                                                    locked_until)
                        VALUES ('addr:127.0.0.1', 2, 1772352000, 1772352060)
                        ON CONFLICT (key) DO UPDATE SET
                        failures = excluded.failures,
                        first_at = excluded.first_at,
                        locked_until = excluded.locked_until $$,
                     'login_throttle upsert');
SELECT pg_temp.eq((SELECT failures FROM login_throttle), 2,
                  'login_throttle: the upsert updated');
SELECT pg_temp.refuses($$ INSERT INTO login_throttle VALUES ('u:x', 0, 0, 0) $$,
                       '23514', 'login_throttle: short key');

SELECT pg_temp.takes($$ INSERT INTO auth_event (at, actor, event, address, detail)
                        VALUES ('2026-03-01T08:00:00Z', 'anna.aberg', 'login',
                                '127.0.0.1', '') $$, 'auth_event');
SELECT pg_temp.refuses($$ INSERT INTO auth_event (at, actor, event, address, detail)
                          VALUES ('2026-03-01T08:00:00Z', 'x', 'hack', '', '') $$,
                       '23514', 'auth_event: unknown event');
-- Cascades from a user.
SELECT pg_temp.takes($$ DELETE FROM app_user WHERE id = 1 $$, 'app_user delete');
SELECT pg_temp.eq((SELECT count(*) FROM session) + (SELECT count(*) FROM api_token)
                  + (SELECT count(*) FROM user_role WHERE user_id = 1),
                  0::bigint, 'app_user delete cascades');

-- ---- Triggers ----

-- 14 of 002, 12 of 011 (freed places, trainees, needs, their units
-- and goals, leave) and 2 of 016 (a booking joining or leaving a form's
-- group).
SELECT pg_temp.eq((SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal),
                  28::bigint, 'triggers: 28, as in SQLite');
-- tgtype: 1 FOR EACH ROW, 2 BEFORE, 64 INSTEAD OF; 4 INSERT, 8 DELETE,
-- 16 UPDATE, 32 TRUNCATE.
SELECT pg_temp.eq((SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal
                   AND NOT (tgtype & 1 = 1 AND tgtype & 66 = 0
                            AND tgtype & 60 IS NOT DISTINCT FROM
                                CASE WHEN tgname LIKE '%\_insert\_%' THEN 4
                                     WHEN tgname LIKE '%\_update\_%' THEN 16
                                     WHEN tgname LIKE '%\_delete\_%' THEN 8
                                END)),
                  0::bigint, 'triggers: AFTER, FOR EACH ROW, on their event');

-- ---- randa_sees ----
--
-- Arguments: trainee, home unit, home region, unit, unit region.
SELECT pg_temp.eq(randa_sees(NULL, NULL, NULL, NULL, NULL), true,
                  'sees: no scope set sees all');
SELECT set_config('randa.scope_all', '', false);
SELECT pg_temp.eq(randa_sees(NULL, NULL, NULL, NULL, NULL), true,
                  'sees: scope_all empty sees all');
SELECT set_config('randa.scope_all', '1', false);
SELECT set_config('randa.scope_trainees', '', false);
SELECT set_config('randa.scope_homes', '', false);
SELECT set_config('randa.scope_units', '', false);
SELECT set_config('randa.scope_regions', '', false);
SELECT pg_temp.eq(randa_sees(5, 6, 7, 8, 9), true, 'sees: scope_all 1');
SELECT set_config('randa.scope_all', '0', false);
SELECT pg_temp.eq(randa_sees(5, 6, 7, 8, 9), false, 'sees: empty lists see none');
SELECT pg_temp.eq(randa_sees(NULL, NULL, NULL, NULL, NULL), false,
                  'sees: NULLs never NULL');
SELECT set_config('randa.scope_trainees', '3,5', false);
SELECT set_config('randa.scope_homes', '11', false);
SELECT set_config('randa.scope_units', '21,22', false);
SELECT set_config('randa.scope_regions', '31', false);
SELECT pg_temp.eq(randa_sees(5, NULL, NULL, NULL, NULL), true, 'sees: trainee');
SELECT pg_temp.eq(randa_sees(4, NULL, NULL, NULL, NULL), false,
                  'sees: another trainee');
SELECT pg_temp.eq(randa_sees(4, 11, NULL, NULL, NULL), true, 'sees: home unit');
SELECT pg_temp.eq(randa_sees(NULL, 21, NULL, NULL, NULL), false,
                  'sees: a unit of the list as home is not a home');
SELECT pg_temp.eq(randa_sees(NULL, NULL, NULL, 22, NULL), true, 'sees: unit');
SELECT pg_temp.eq(randa_sees(NULL, NULL, 31, NULL, NULL), true,
                  'sees: home region');
SELECT pg_temp.eq(randa_sees(NULL, NULL, NULL, NULL, 31), true,
                  'sees: unit region');
SELECT pg_temp.eq(randa_sees(NULL, NULL, 32, 23, 32), false,
                  'sees: other regions and units');
SELECT pg_temp.eq(randa_sees(NULL, NULL, NULL, NULL, NULL), false,
                  'sees: NULLs match nothing');
SELECT pg_temp.eq(randa_sees(0, 0, 0, 0, 0), false, 'sees: 0 matches nothing');
SELECT set_config('randa.scope_trainees', '1', false);
SELECT pg_temp.eq((SELECT count(*) FROM trainee t JOIN unit hu ON hu.id = t.home_unit_id
                   WHERE randa_sees(t.id, t.home_unit_id, hu.region_id, NULL, NULL)),
                  1::bigint, 'sees: in a query of the store');
RESET randa.scope_all;
RESET randa.scope_trainees;
RESET randa.scope_homes;
RESET randa.scope_units;
RESET randa.scope_regions;
SELECT pg_temp.eq(randa_sees(1, NULL, NULL, NULL, NULL), true,
                  'sees: reset sees all');
-- A scope set for one transaction only leaves '' after it, which sees all.
BEGIN;
SELECT set_config('randa.scope_all', '0', true);
SELECT set_config('randa.scope_trainees', '', true);
SELECT pg_temp.eq(randa_sees(1, NULL, NULL, NULL, NULL), false,
                  'sees: a local scope holds in its transaction');
COMMIT;
SELECT pg_temp.eq(current_setting('randa.scope_all', true), '',
                  'sees: a local scope is empty after its transaction');
SELECT pg_temp.eq(randa_sees(1, NULL, NULL, NULL, NULL), true,
                  'sees: so all is seen after it');

-- ---- The end ----

\o
\pset tuples_only on
\pset format unaligned
SELECT 'checks passed: ' || count(*) FROM checks;
