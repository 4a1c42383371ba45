-- Idempotency (DESIGN.md API conventions): the first response to each client-chosen request_id,
-- replayed on retry so a repeated create or state change changes nothing.
CREATE TABLE request_log (
  caller text NOT NULL,
  method text NOT NULL,
  request_id text NOT NULL,
  request_digest bytea NOT NULL,
  response bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, method, request_id)
);
