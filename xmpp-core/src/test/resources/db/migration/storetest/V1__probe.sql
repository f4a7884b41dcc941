-- Test-only module migrations: a second module with its own V1, to prove per-module history tables.
CREATE TABLE store_probe (id integer PRIMARY KEY, note text NOT NULL);
