-- Exchange of rotation places between regions (issue 17). Every region
-- runs its own Randa; these tables hold this region's side of the
-- federation: the peers it talks to, the places it publishes and those
-- peers publish, requests in and out, proposed swaps, and every message
-- sent (the outbox, retried with backoff) or received (kept by its id so
-- that a replay has no effect). No trainee data is ever in a message: a
-- request out keeps its trainee and need here and sends only the need's
-- shape and a random reference.
--
-- src/store/migrations/pg/014_exchange.sql is its PostgreSQL twin. It
-- relies on unit, specialty, trainee and rotation_need (001). Times are
-- seconds since 1970.

-- A peer region. The token the peer presents is kept only as its SHA-256;
-- the token this side presents to the peer is kept as given (it must be
-- sent). pin is a public key pin for libcurl ("sha256//..."), ca_file a
-- CA bundle; both empty: the system's CAs.
CREATE TABLE xpeer (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    url         TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 300),
    pin         TEXT NOT NULL DEFAULT '' CHECK (length(pin) <= 600),
    ca_file     TEXT NOT NULL DEFAULT '' CHECK (length(ca_file) <= 300),
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    peer_token  TEXT NOT NULL DEFAULT '' CHECK (length(peer_token) <= 100),
    state       TEXT NOT NULL CHECK (state IN ('active', 'paused', 'removed')),
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER
) STRICT;

-- A place one of this region's units publishes to the peers: seats in
-- weeks [from_week, to_week), rotations of weeks weeks, the goals covered
-- (goal ids, as JSON) and whom to contact.
CREATE TABLE xoffer (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES unit (id),
    from_week     INTEGER NOT NULL,
    to_week       INTEGER NOT NULL,
    weeks         INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
    patterns      INTEGER NOT NULL CHECK (patterns BETWEEN 1 AND 31),
    seats         INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 100),
    contact_role  TEXT NOT NULL CHECK (length(contact_role) BETWEEN 1 AND 100),
    contact_email TEXT NOT NULL CHECK (length(contact_email) BETWEEN 3 AND 254),
    state         TEXT NOT NULL CHECK (state IN ('published', 'withdrawn')),
    created_at    INTEGER NOT NULL,
    CHECK (to_week > from_week)
) STRICT;

-- What this region lacks, published for swaps: seats of weeks weeks in a
-- specialty.
CREATE TABLE xwant (
    id           INTEGER PRIMARY KEY,
    specialty_id INTEGER NOT NULL REFERENCES specialty (id),
    weeks        INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
    seats        INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 100),
    state        TEXT NOT NULL CHECK (state IN ('open', 'withdrawn')),
    created_at   INTEGER NOT NULL
) STRICT;

-- A peer's published offers (kind 'offer') and wants (kind 'want'), as
-- its last catalogue said; doc is the entry as checked JSON.
CREATE TABLE xremote (
    id          INTEGER PRIMARY KEY,
    peer_id     INTEGER NOT NULL REFERENCES xpeer (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('offer', 'want')),
    remote_id   INTEGER NOT NULL,
    specialty   TEXT NOT NULL,
    weeks       INTEGER NOT NULL,
    seats       INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    UNIQUE (peer_id, kind, remote_id)
) STRICT;

-- A request for a place across regions, by its random reference. Out: this
-- region's trainee and need (never sent) asking for a peer's offer
-- (remote). In: a peer's need asking for one of this region's offers.
-- swap_id: a booking a swap made.
CREATE TABLE xrequest (
    id          INTEGER PRIMARY KEY,
    ref         TEXT NOT NULL CHECK (length(ref) = 32),
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    peer_id     INTEGER NOT NULL REFERENCES xpeer (id),
    offer_id    INTEGER REFERENCES xoffer (id),
    remote_id   INTEGER,
    trainee_id  INTEGER REFERENCES trainee (id),
    need_id     INTEGER REFERENCES rotation_need (id),
    specialty   TEXT NOT NULL,
    goals       TEXT NOT NULL DEFAULT '[]',
    start_week  INTEGER NOT NULL,
    weeks       INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
    pattern     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('requested', 'accepted',
                                                'declined', 'cancelled')),
    swap_id     INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (peer_id, direction, ref)
) STRICT;
CREATE INDEX xrequest_offer ON xrequest (offer_id);

-- A swap: a 2- or 3-cycle of regions each giving one seat of an offer to
-- the next, found by one of them. legs and approvals are JSON; each region
-- books its legs once every region has approved (state 'booked'), and
-- none does when one declines.
CREATE TABLE xswap (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE CHECK (length(uid) = 32),
    proposer    TEXT NOT NULL,
    legs        TEXT NOT NULL,
    approvals   TEXT NOT NULL DEFAULT '[]',
    state       TEXT NOT NULL CHECK (state IN ('proposed', 'approved',
                                               'booked', 'declined')),
    weeks       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- Every message: out (the outbox: queued until the peer took it, retried
-- at next_at with backoff) and in (kept by the sender's id, so that a
-- message replayed is refused and has no second effect). body is the
-- message as sent or received.
CREATE TABLE xmessage (
    id          INTEGER PRIMARY KEY,
    msg_id      TEXT NOT NULL CHECK (length(msg_id) = 32),
    peer_id     INTEGER NOT NULL REFERENCES xpeer (id) ON DELETE CASCADE,
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed',
                                               'received')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    done_at     INTEGER,
    UNIQUE (peer_id, direction, msg_id)
) STRICT;
CREATE INDEX xmessage_due ON xmessage (state, next_at);
