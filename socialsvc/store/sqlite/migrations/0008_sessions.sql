-- Dashboard sessions (store.Sessions): the SHA-256 of the browser's
-- secret as id, the API token it signs in as subject. Times are UTC text
-- of fixed width, so that expires_at compares in time order.
CREATE TABLE sessions (
	id         TEXT PRIMARY KEY,
	subject    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	revoked_at TEXT
) STRICT;
CREATE INDEX sessions_expires_at ON sessions (expires_at);
