-- A counter that every change to what the place overview shows moves on,
-- so that a server can keep computed overviews until the data under them
-- changes, even when another process made the change. Triggers keep it, so
-- no write path can forget to.
-- dialect: the same triggers as PL/pgSQL trigger functions.

CREATE TABLE generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    value       INTEGER NOT NULL
) STRICT;
INSERT INTO generation (id, value) VALUES (1, 0);

CREATE TRIGGER booking_insert_generation AFTER INSERT ON booking
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER booking_update_generation AFTER UPDATE ON booking
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER booking_delete_generation AFTER DELETE ON booking
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER capacity_insert_generation AFTER INSERT ON capacity
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER capacity_update_generation AFTER UPDATE ON capacity
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER capacity_delete_generation AFTER DELETE ON capacity
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER unit_insert_generation AFTER INSERT ON unit
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER unit_update_generation AFTER UPDATE ON unit
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER unit_delete_generation AFTER DELETE ON unit
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER unit_goal_insert_generation AFTER INSERT ON unit_goal
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER unit_goal_delete_generation AFTER DELETE ON unit_goal
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER provider_update_generation AFTER UPDATE ON provider
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER area_update_generation AFTER UPDATE ON area
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER specialty_update_generation AFTER UPDATE ON specialty
BEGIN UPDATE generation SET value = value + 1 WHERE id = 1; END;

-- The overview asks for what overlaps a window of weeks: bookings and
-- periods that end after its start.
CREATE INDEX booking_end_week ON booking (end_week);
CREATE INDEX capacity_to_week ON capacity (to_week);
