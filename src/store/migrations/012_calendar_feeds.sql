-- Calendar feeds (issue 15): a user's secret addresses of iCalendar feeds
-- that Outlook and phone calendars subscribe to, one per feed, each of one
-- trainee's rotations or of one unit's. The secret in the address alone
-- authorises the feed (a calendar cannot log in), so only its SHA-256 is
-- kept, as for API tokens (005); the feed shows what its user may see when
-- it is read, and nothing once the user is disabled or the feed revoked.
--
-- src/store/migrations/pg/012_calendar_feeds.sql is its PostgreSQL twin. It
-- relies on app_user (004), trainee and unit (001).

-- kind says which of trainee_id and unit_id the feed is of; the other is
-- NULL. A feed goes with its user, trainee or unit. revoked_at and used_at
-- are seconds since 1970, NULL for never.
CREATE TABLE calendar_feed (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('trainee', 'unit')),
    trainee_id  INTEGER REFERENCES trainee (id) ON DELETE CASCADE,
    unit_id     INTEGER REFERENCES unit (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    used_at     INTEGER,
    CHECK ((kind = 'trainee') = (trainee_id IS NOT NULL)),
    CHECK ((kind = 'unit') = (unit_id IS NOT NULL))
) STRICT;
CREATE INDEX calendar_feed_user ON calendar_feed (user_id);
CREATE INDEX calendar_feed_trainee ON calendar_feed (trainee_id);
CREATE INDEX calendar_feed_unit ON calendar_feed (unit_id);
