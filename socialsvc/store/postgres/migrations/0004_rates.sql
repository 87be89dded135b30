-- Rate rules (issue 11): where a project's foreign-currency costs get
-- their rate, the kuna planning rate of a euro budget, and which rule
-- gave each stored conversion. Rows written before have no rule (the
-- default, InforEuro of the month incurred), no planning rate, and an
-- unknown basis ('').
ALTER TABLE projects ADD COLUMN rate_rule JSONB;
ALTER TABLE projects ADD COLUMN planning_rate JSONB;
ALTER TABLE expenditure ADD COLUMN rate_basis TEXT COLLATE "C" NOT NULL DEFAULT '';
