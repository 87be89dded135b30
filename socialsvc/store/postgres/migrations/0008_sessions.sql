-- Dashboard sessions (store.Sessions): the SHA-256 of the browser's
-- secret as id, the API token it signs in as subject.
CREATE TABLE sessions (
	id         TEXT COLLATE "C" PRIMARY KEY,
	subject    TEXT COLLATE "C" NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL,
	revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
