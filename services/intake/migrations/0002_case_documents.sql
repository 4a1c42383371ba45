-- The bytes of case documents (案件材料: 检验报告, 鉴定意见, ...). The CaseFile body carries only each
-- document's metadata with its SHA-256 (DESIGN.md "Every document is stored with its SHA-256");
-- the content stays here, so reading or streaming a case never drags megabytes along.
CREATE TABLE case_document_contents (
  case_file_id text NOT NULL REFERENCES case_files (id),
  document_id text NOT NULL,                   -- the last part of the document's name
  size_bytes bigint NOT NULL CHECK (size_bytes = octet_length(content)),
  sha256_hex char(64) NOT NULL,                -- lower-case hex, as in the case body's metadata
  create_time timestamptz NOT NULL DEFAULT now(),
  content bytea NOT NULL,
  PRIMARY KEY (case_file_id, document_id)
);
-- PDFs and scans are compressed already; storing them uncompressed out of line lets a download
-- read one 1 MiB slice at a time instead of de-toasting the whole document for every chunk.
ALTER TABLE case_document_contents ALTER COLUMN content SET STORAGE EXTERNAL;

-- Documents are never deleted or changed (a correction is a new document that supersedes the old).
REVOKE UPDATE, DELETE, TRUNCATE ON case_document_contents FROM {{runtime_role}};
