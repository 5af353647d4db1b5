-- Up Migration
CREATE TABLE tasks (
  id              uuid PRIMARY KEY,
  user_id         text        NOT NULL,
  title           text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description     text        NOT NULL DEFAULT '',
  -- 1 = low, 2 = medium, 3 = high, so ORDER BY priority is low < medium < high.
  priority        smallint    NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
  tags            text[]      NOT NULL DEFAULT '{}',
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed')),
  due_at          timestamptz,
  remind_before   text,
  remind_at       timestamptz,
  recurrence      jsonb,
  series_id       uuid,
  occurrence      integer,
  -- Bumped with every change; carried by each event as its per-task sequence.
  version         integer     NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz
);

CREATE INDEX tasks_user_created ON tasks (user_id, created_at, id);
CREATE INDEX tasks_user_due ON tasks (user_id, due_at, id);
CREATE INDEX tasks_user_tags ON tasks USING gin (tags);
-- One task per series occurrence: a redelivered or concurrent completion cannot create two.
CREATE UNIQUE INDEX tasks_series_occurrence ON tasks (series_id, occurrence) WHERE series_id IS NOT NULL;

-- Transactional outbox: written in the same transaction as the task change, relayed to Dapr.
CREATE TABLE outbox (
  id             bigserial   PRIMARY KEY,
  event_id       uuid        NOT NULL,
  topic          text        NOT NULL,
  partition_key  text        NOT NULL,
  event          jsonb       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sent_at        timestamptz,
  attempts       integer     NOT NULL DEFAULT 0,
  last_error     text,
  UNIQUE (event_id, topic)
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Down Migration
DROP TABLE outbox;
DROP TABLE tasks;
