-- A counter that every change to what the place overview shows moves on,
-- so that a server can keep computed overviews until the data under them
-- changes, even when another process made the change. Triggers keep it, so
-- no write path can forget to.
--
-- The PostgreSQL 15 twin of src/store/migrations/002_generation.sql: the
-- same table and the same triggers, each AFTER and FOR EACH ROW as
-- SQLite's are, calling one PL/pgSQL trigger function that does what the
-- body of every SQLite trigger does. A statement that changes no row
-- fires none of them, in both dialects.

CREATE TABLE generation (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    value       BIGINT NOT NULL
);
INSERT INTO generation (id, value) VALUES (1, 0);

CREATE FUNCTION randa_generation_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE generation SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER booking_insert_generation AFTER INSERT ON booking
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER booking_update_generation AFTER UPDATE ON booking
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER booking_delete_generation AFTER DELETE ON booking
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();

CREATE TRIGGER capacity_insert_generation AFTER INSERT ON capacity
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER capacity_update_generation AFTER UPDATE ON capacity
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER capacity_delete_generation AFTER DELETE ON capacity
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();

CREATE TRIGGER unit_insert_generation AFTER INSERT ON unit
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER unit_update_generation AFTER UPDATE ON unit
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER unit_delete_generation AFTER DELETE ON unit
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();

CREATE TRIGGER unit_goal_insert_generation AFTER INSERT ON unit_goal
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER unit_goal_delete_generation AFTER DELETE ON unit_goal
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();

CREATE TRIGGER provider_update_generation AFTER UPDATE ON provider
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER area_update_generation AFTER UPDATE ON area
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();
CREATE TRIGGER specialty_update_generation AFTER UPDATE ON specialty
FOR EACH ROW EXECUTE FUNCTION randa_generation_bump();

-- The overview asks for what overlaps a window of weeks: bookings and
-- periods that end after its start.
CREATE INDEX booking_end_week ON booking (end_week);
CREATE INDEX capacity_to_week ON capacity (to_week);
