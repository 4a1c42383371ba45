-- The metadata of referral documents (ReferralDocument: uploads, the generated 移送书, 涉案物品清单
-- and 回执, copies of case documents). The Referral message has no list of its documents, so they
-- live here, one row each beside their bytes in referral_document_contents, and are read and
-- listed on their own; an upload does not rewrite the referral.
CREATE TABLE referral_documents (
  referral_id text NOT NULL REFERENCES referrals (id),
  document_id text NOT NULL,                -- the last part of referrals/{id}/documents/{id}
  ordinal bigint GENERATED ALWAYS AS IDENTITY,  -- storage order: documents list oldest first
  kind smallint NOT NULL,                   -- casebridge.v1.ReferralDocument.Kind
  generated boolean NOT NULL,               -- rendered by the system
  body bytea NOT NULL,                      -- casebridge.v1.ReferralDocument
  PRIMARY KEY (referral_id, document_id),
  -- Metadata never exists without its bytes: the contents row is written first.
  FOREIGN KEY (referral_id, document_id)
    REFERENCES referral_document_contents (referral_id, document_id)
);
CREATE UNIQUE INDEX referral_documents_order ON referral_documents (referral_id, ordinal);

-- PDFs and scans are compressed already; stored uncompressed out of line, a download reads one
-- 1 MiB slice at a time instead of de-toasting the whole document for every chunk.
ALTER TABLE referral_document_contents ALTER COLUMN content SET STORAGE EXTERNAL;

-- Documents are never changed or deleted: they are what was sent and received.
REVOKE UPDATE, DELETE, TRUNCATE ON referral_documents, referral_document_contents
  FROM {{runtime_role}};
