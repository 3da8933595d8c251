-- Projects are named folders; a name that differs from another only by
-- case is refused, hence NOCASE.
CREATE TABLE projects (
    name       TEXT PRIMARY KEY COLLATE NOCASE,
    created_at TEXT NOT NULL
);

-- One interview per row; at most one active session per project.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    project       TEXT NOT NULL REFERENCES projects(name),
    status        TEXT NOT NULL,
    provider      TEXT NOT NULL DEFAULT '',
    model         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    files_written TEXT NOT NULL DEFAULT '[]',
    spec_status   TEXT NOT NULL DEFAULT 'not_started',
    feature_count INTEGER NOT NULL DEFAULT 0,
    complete_hash TEXT NOT NULL DEFAULT '',
    verified_at   TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sessions_one_active ON sessions(project) WHERE status = 'active';
CREATE INDEX sessions_by_project ON sessions(project, id);

-- The conversation the model sees, block by block as JSON.
CREATE TABLE messages (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    pos        INTEGER NOT NULL,
    role       TEXT NOT NULL,
    hidden     INTEGER NOT NULL DEFAULT 0,
    content    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (session_id, pos)
) WITHOUT ROWID;

-- The transcript a client redraws, numbered per session.
CREATE TABLE events (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq        INTEGER NOT NULL,
    type       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
