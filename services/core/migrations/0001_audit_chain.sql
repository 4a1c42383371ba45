-- The audit hash chain (DESIGN.md Security model): append-only for the service's runtime role.
-- Every table the owner creates from here on is readable and writable by the runtime role; the
-- audit table then takes UPDATE, DELETE and TRUNCATE back.
ALTER DEFAULT PRIVILEGES FOR ROLE {{owner_role}} IN SCHEMA {{schema}}
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {{runtime_role}};
ALTER DEFAULT PRIVILEGES FOR ROLE {{owner_role}} IN SCHEMA {{schema}}
  GRANT USAGE, SELECT ON SEQUENCES TO {{runtime_role}};

CREATE TABLE audit_log (
  sequence bigint PRIMARY KEY,
  actor_user text NOT NULL,
  actor_organisation text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  record_time timestamptz NOT NULL,
  state_digest text NOT NULL,
  previous_hash bytea NOT NULL,
  record_hash bytea NOT NULL
);

-- The chain's head: appends take its row lock, so concurrent writers serialise on it, and a removed
-- tail row shows as a head that points past the last row.
CREATE TABLE audit_head (
  id int PRIMARY KEY CHECK (id = 1),
  last_sequence bigint NOT NULL,
  last_hash bytea NOT NULL,
  previous_hash bytea NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000',
                               '\x0000000000000000000000000000000000000000000000000000000000000000');

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {{runtime_role}};
REVOKE INSERT, DELETE, TRUNCATE ON audit_head FROM {{runtime_role}};

-- Belt and braces: even the owner cannot rewrite history without first disabling this trigger.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
