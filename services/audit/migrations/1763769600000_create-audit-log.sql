-- Up Migration
CREATE TABLE audit_log (
  id           bigserial   PRIMARY KEY,
  -- One row per event: a redelivered event hits this constraint and changes nothing.
  event_id     text        NOT NULL UNIQUE,
  event_type   text        NOT NULL,
  task_id      uuid        NOT NULL,
  user_id      text        NOT NULL,
  sequence     integer     NOT NULL,
  occurred_at  timestamptz NOT NULL,
  event        jsonb       NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_user_task ON audit_log (user_id, task_id, id);

-- Append-only: the log is evidence, so rows can never be changed or removed through SQL.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Down Migration
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
