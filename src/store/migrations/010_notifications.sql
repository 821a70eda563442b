-- Notifications (issue 14): what Randa tells each user in the app (the bell
-- and the inbox), how each user wants to be told by e-mail, and the queue
-- of e-mails the server's mail worker sends with retries.
--
-- src/store/migrations/pg/010_notifications.sql is its PostgreSQL twin. It
-- relies only on app_user (004).

-- One thing told to one user: its kind (a place offered to them, an offer
-- gone to someone else, a booking request to answer, a request answered, a
-- plan waiting for their approval, a deadline of the Att göra list, a
-- booking affecting them cancelled, a watched place freed), what it is
-- about (entity and id), the page of the UI it links to, the values its
-- text is made of (a JSON object: names and weeks the user may see), when
-- it was made and read. dedup is the fact it tells ("cancellation:booking:
-- 42"): a fact is told to a user once, whoever tells it again. mail is
-- where its e-mail stands: none (not wanted, or no address), single (to be
-- sent alone), digest (to go with the user's next daily digest), queued
-- (written into mail_out).
CREATE TABLE notification (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('offer', 'offer_gone', 'request',
                                             'answer', 'plan_approval',
                                             'deadline', 'cancellation',
                                             'place_freed')),
    entity     TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 32
                                    AND entity NOT GLOB '*[^a-z_]*'),
    entity_id  INTEGER NOT NULL CHECK (entity_id >= 0),
    link       TEXT NOT NULL CHECK (length(link) BETWEEN 2 AND 200
                                    AND substr(link, 1, 2) = '#/'),
    params     TEXT NOT NULL DEFAULT '{}'
               CHECK (length(params) BETWEEN 2 AND 4000
                      AND substr(params, 1, 1) = '{'),
    dedup      TEXT NOT NULL CHECK (length(dedup) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
    read_at    TEXT CHECK (read_at IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', read_at, '+0 days') IS read_at),
    mail       TEXT NOT NULL DEFAULT 'none'
               CHECK (mail IN ('none', 'single', 'digest', 'queued')),
    UNIQUE (user_id, dedup)
) STRICT;
CREATE INDEX notification_user ON notification (user_id, id);
CREATE INDEX notification_mail ON notification (mail, user_id)
    WHERE mail IN ('single', 'digest');

-- How a user wants to be told by e-mail; a user without a row takes the
-- defaults (every kind, one mail each, to their person's address). email
-- is the address to write to, NULL for their person's (app_user.person_id);
-- email_kinds the kinds to send, one bit each in the order of the list
-- above (offer 1, offer_gone 2, request 4, ..., place_freed 128); digest 1
-- for one mail a day with everything since the last one instead of one
-- mail each; digest_at the last time a digest was written (seconds since
-- 1970), so that the next waits a day.
CREATE TABLE notify_pref (
    user_id     INTEGER PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    email       TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254
                                              AND email LIKE '%_@_%')),
    email_kinds INTEGER NOT NULL DEFAULT 255
                CHECK (email_kinds BETWEEN 0 AND 255),
    digest      INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1)),
    digest_at   INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 days') IS updated_at)
) STRICT;

-- The e-mails to send: the address, the subject and the body as written
-- (UTF-8; the sender encodes them), when written, and the sending so far:
-- attempts made, the earliest time of the next one (seconds since 1970;
-- a sender claims a mail by moving it on, so that two servers never send
-- it at once), when it was sent (NULL until then) and the last failure.
-- user_id is whose it is, NULL once the user is removed.
CREATE TABLE mail_out (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    recipient       TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254
                                         AND recipient LIKE '%_@_%'),
    subject         TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200000),
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 500)
) STRICT;
CREATE INDEX mail_out_due ON mail_out (next_attempt_at) WHERE sent_at IS NULL;
