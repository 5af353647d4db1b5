-- Up Migration
CREATE TABLE notifications (
  task_id       uuid        NOT NULL,
  remind_at     timestamptz NOT NULL,
  user_id       text        NOT NULL,
  title         text        NOT NULL,
  delivered_at  timestamptz NOT NULL DEFAULT now(),
  -- Delivered once per (task, remind_at), however often the reminder event arrives.
  PRIMARY KEY (task_id, remind_at)
);
CREATE INDEX notifications_user ON notifications (user_id, delivered_at);

-- Down Migration
DROP TABLE notifications;
