-- Run once, when a Postgres from @acme/stack-modules first starts with an empty volume.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
