-- The ledger's schema, current version (see `PRAGMA user_version` below).
--
-- A new database runs this file whole. An older database is brought here by the forward-only
-- steps in src/store/migrate.rs, each in its own transaction; a test checks that both roads end
-- in the same schema. Plain SQL types and constraints so the same shape serves PostgreSQL later;
-- what is SQLite-only (the append-only triggers, user_version) is marked.

-- Plan-wide settings: `start` (the plan's start date, from which seed deadlines count).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The report's numbered recommendations (1、2、3、).
CREATE TABLE recommendations (
    number   INTEGER PRIMARY KEY CHECK (number > 0),
    headline TEXT NOT NULL CHECK (length(headline) > 0),
    text     TEXT NOT NULL DEFAULT ''
);

-- Lead (牵头单位) and supporting (配合单位) units, by name.
CREATE TABLE units (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0)
);

-- One row per action item, holding its current state. Every change to a row is also an event;
-- reports for past weeks start from this state and undo later events.
-- The lists of allowed words are written `x = a OR x = b …`, not `x IN (a, b, …)`: SQLite builds
-- a temporary index of an IN list of more than two values at every insert (version 8).
CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    recommendation INTEGER NOT NULL REFERENCES recommendations (number),
    item           INTEGER NOT NULL CHECK (item > 0),
    title          TEXT NOT NULL CHECK (length(title) > 0),
    text           TEXT NOT NULL,
    deadline       TEXT CHECK (deadline IS NULL OR deadline LIKE '____-__-__'),
    status         TEXT NOT NULL DEFAULT 'not-started'
                   CHECK (status = 'not-started' OR status = 'in-progress' OR status = 'blocked'
                          OR status = 'done' OR status = 'cancelled'),
    progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    UNIQUE (recommendation, item)
);

-- `list --status`, and the report's counts by status.
CREATE INDEX tasks_status ON tasks (status, deadline);
-- `list --overdue`, `--due-within` and `--sort deadline`.
CREATE INDEX tasks_deadline ON tasks (deadline);
-- Reports and the weekly series: every task's id, status, deadline and progress, read from
-- the index alone (a tenth of the table's bytes, which are mostly texts). Added in version 3.
CREATE INDEX tasks_state ON tasks (recommendation, item, status, deadline, progress);

-- Who leads and who supports each task. `position` keeps the order supporting units were given.
CREATE TABLE task_units (
    task_id  INTEGER NOT NULL REFERENCES tasks (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    role     TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, unit_id)
);

-- At most one lead per task.
CREATE UNIQUE INDEX task_units_one_lead ON task_units (task_id) WHERE role = 'lead';
-- `list --owner UNIT`: from a unit to its tasks.
CREATE INDEX task_units_unit ON task_units (unit_id, role);

-- The append-only history. One row per changed field; the rows written by one command share a
-- `change_id`, so a command can be shown, and undone, as one change.
-- field: created | title | text | status | progress | deadline | lead | support | support_order |
-- note | notice.
-- `notice` (added in version 7, issue 17 §3): a 督办通知单 listed the task; `new` is its serial
-- and the date to reply by (`督办〔2026〕3号 2026-12-04`); `old` holds the same when an undo
-- withdraws it. A notice is a reminder sent, never a report by the unit.
-- For `support`, old NULL / new NAME adds a unit and old NAME / new NULL removes one.
-- `support_order` (issue 19, in the version 7 CHECK): the supporting units that stayed were put
-- in another order; `old` and `new` are the whole list before and after, as JSON arrays of
-- names (`["县区","人事局"]`), so any name round-trips.
-- `at` is local time in RFC 3339 with its offset; its first ten characters are the local date
-- that weekly reports group by.
-- Added in version 4 (issue 14: time and order; undo), on one line because a migration's
-- ALTER TABLE appends them so:
-- `entered`: when the event was really recorded, by the machine's clock, in UTC
--   (`2026-11-29T21:50:07Z`); `at` is the date the change is for (`--today` back-dates it).
--   Lets a report already sent say what came in after it. NULL before version 4.
-- `undoes`: the change this event takes back (`undo`), else NULL. A withdrawn note is a `note`
--   event whose change a later event `undoes`.
-- `position`: for `support`, where in the list of supporting units (0 = first) the unit was
--   added or removed, so replaying backwards puts a unit back where it was (NULL: the end).
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL,
    task_id   INTEGER NOT NULL REFERENCES tasks (id),
    field     TEXT NOT NULL
              CHECK (field = 'created' OR field = 'title' OR field = 'text' OR field = 'status'
                     OR field = 'progress' OR field = 'deadline' OR field = 'lead' OR field = 'support'
                     OR field = 'support_order' OR field = 'note' OR field = 'notice'),
    old       TEXT,
    new       TEXT,
    note      TEXT,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL, entered TEXT, undoes INTEGER, position INTEGER
);

-- A task's history in time order (`show`, `history ID`), and a report's recent events of the
-- tasks it shows, without visiting older ones. (task_id, id) until version 3.
CREATE INDEX events_task ON events (task_id, at, id);
-- `history --since`, and weekly reports: events in a time range.
CREATE INDEX events_at ON events (at);
-- `undo`: the latest change.
CREATE INDEX events_change ON events (change_id);
-- Whether a note was withdrawn (some undo event names its change). Added in version 4.
CREATE INDEX events_undoes ON events (undoes) WHERE undoes IS NOT NULL;
-- `history`: every event in the order it happened (by instant, whatever the writer's time
-- zone), streamed from the index instead of sorted whole. SQLite-only (an index on
-- unixepoch()). Added in version 4.
CREATE INDEX events_instant ON events (unixepoch(at), id);
-- A past week's report: the few changes entered after the week ended. Added in version 4.
CREATE INDEX events_entered ON events (entered) WHERE entered IS NOT NULL;
-- Reports: one field's changes over time (status for the trend, status, deadline and creation
-- for the weekly series), read from the index alone, without the rest of the history.
-- Added in version 2.
CREATE INDEX events_field_at ON events (field, at, task_id, old, new);

-- Reports imported with `tracker import`, by the SHA-256 of their bytes, so that importing
-- the same file again changes nothing. Added in version 2.
CREATE TABLE imports (
    hash            TEXT PRIMARY KEY,
    file            TEXT NOT NULL,
    recommendations TEXT NOT NULL,
    actor           TEXT NOT NULL,
    at              TEXT NOT NULL
);

-- Return sheets (issue 16): one row per sheet `tracker sheets` wrote for a unit and an ISO
-- week (issued again, the row is replaced), and one per file `tracker collect` applied, by the
-- SHA-256 of its bytes, so the same file is never applied twice and `collect --missing` can
-- tell which units have not answered. Added in version 5.
CREATE TABLE sheets_issued (
    week  TEXT NOT NULL,
    unit  TEXT NOT NULL,
    file  TEXT NOT NULL,
    tasks INTEGER NOT NULL,
    actor TEXT NOT NULL,
    at    TEXT NOT NULL,
    PRIMARY KEY (week, unit)
);
-- sheets_collected's last three columns, added in version 6 (undoing a collected sheet; on
-- the line of the last old one, as ALTER TABLE leaves them): the change that applied the file
-- (NULL: it changed nothing), who ran the collect (their `undo` takes it back, though the
-- change is the unit's), and the undo change that released it (NULL while it stands).
CREATE TABLE sheets_collected (
    hash  TEXT PRIMARY KEY,
    week  TEXT NOT NULL,
    unit  TEXT NOT NULL,
    file  TEXT NOT NULL,
    actor TEXT NOT NULL,
    at    TEXT NOT NULL, change_id INTEGER, collector TEXT, released INTEGER
);
-- `collect --missing`: the files collected for a week and unit.
CREATE INDEX sheets_collected_week ON sheets_collected (week, unit);
-- `undo`: the sheet a change collected, and the latest collect someone ran. Added in version 6.
CREATE INDEX sheets_collected_change ON sheets_collected (change_id) WHERE change_id IS NOT NULL;
CREATE INDEX sheets_collected_collector ON sheets_collected (collector, change_id) WHERE collector IS NOT NULL;

-- The 督办通知单 issued (issue 17 §3): one row per notice, numbered per year (督办〔2026〕3号).
-- Rows are never deleted, so a number is never given twice, also after `undo` withdraws the
-- notice (a register of document numbers does not reuse a withdrawn number). `change_id` is
-- the change that recorded it on its tasks. Added in version 7.
CREATE TABLE notices (
    year      INTEGER NOT NULL CHECK (year BETWEEN 1000 AND 9999),
    number    INTEGER NOT NULL CHECK (number > 0),
    unit      TEXT NOT NULL,
    reply_by  TEXT NOT NULL CHECK (reply_by LIKE '____-__-__'),
    tasks     INTEGER NOT NULL,
    change_id INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (year, number)
);

-- SQLite-only: history is never rewritten.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

PRAGMA user_version = 8;
