-- A project's eligibility period (socialsvc.Project.Eligibility, JSON
-- {"start","end"}; NULL: the implementation period), and the reason a
-- write gave (store.WithReason), which corrections of closed projects need.
ALTER TABLE projects ADD COLUMN eligibility JSONB;
ALTER TABLE audit_log ADD COLUMN reason TEXT NOT NULL DEFAULT '';
