-- fte PostgreSQL schema, version 5: model embeddings of knowledge texts by content key, so that an
-- unchanged knowledge base is not sent to the embeddings model again (src/kb/text_embedder.h).
CREATE TABLE embedding_cache (
  model       TEXT NOT NULL,
  content_key TEXT NOT NULL,              -- kb::content_key of the embedded text
  embedding   BYTEA NOT NULL,             -- little-endian float32 array, L2-normalised
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (model, content_key)
);
