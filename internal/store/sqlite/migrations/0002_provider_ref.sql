-- An agent provider's own session id (the Claude Code CLI's), so that an
-- interview can bring its agent back after a restart.
ALTER TABLE sessions ADD COLUMN provider_ref TEXT NOT NULL DEFAULT '';
