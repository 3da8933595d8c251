-- Every version of a project's spec files that passed the check, and
-- every restore, numbered per project. They belong to the project, not
-- to a session: a new interview archives the session and keeps these.
CREATE TABLE versions (
    project       TEXT NOT NULL REFERENCES projects(name),
    number        INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    session_id    INTEGER NOT NULL DEFAULT 0,
    seq           INTEGER NOT NULL DEFAULT 0,
    restored_from INTEGER NOT NULL DEFAULT 0,
    hash          TEXT NOT NULL,
    feature_count INTEGER NOT NULL DEFAULT 0,
    features      INTEGER NOT NULL DEFAULT 0,
    score         INTEGER NOT NULL DEFAULT 0,
    app_spec      TEXT NOT NULL,
    initializer   TEXT NOT NULL,
    PRIMARY KEY (project, number)
) WITHOUT ROWID;
