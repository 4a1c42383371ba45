-- Organisations and users (DESIGN.md "Who uses it", "Security model").
CREATE TABLE organisations (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  kind smallint NOT NULL,               -- casebridge.v1.OrganisationKind
  region_code char(6) NOT NULL,         -- GB/T 2260
  enforcement_domain smallint NOT NULL, -- casebridge.v1.EnforcementDomain
  create_time timestamptz NOT NULL DEFAULT now(),
  version bigint NOT NULL DEFAULT 1
);
CREATE INDEX organisations_region ON organisations (region_code);

CREATE TABLE users (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  organisation_id text NOT NULL REFERENCES organisations (id),
  roles smallint[] NOT NULL,            -- casebridge.v1.Role values
  state smallint NOT NULL,              -- casebridge.v1.User.State
  password_hash text NOT NULL,          -- scrypt$N$r$p$salt$hash
  failed_logins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  version bigint NOT NULL DEFAULT 1
);
CREATE INDEX users_organisation ON users (organisation_id);
