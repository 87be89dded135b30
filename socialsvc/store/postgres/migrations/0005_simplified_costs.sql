-- Simplified cost options (issue 11): unit costs and lump sums defined per
-- project, the lines that budget or claim them, and the programme's
-- flexibility margin. Flat rates become kinds (office_on_staff, ...)
-- instead of a free pair of category and base; the two pairs the old
-- model could mean are rewritten to their kind.
ALTER TABLE projects ADD COLUMN unit_costs JSONB;
ALTER TABLE projects ADD COLUMN lump_sums JSONB;
ALTER TABLE projects ADD COLUMN flexibility_percent NUMERIC;
ALTER TABLE budget_lines ADD COLUMN cost_option TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE budget_lines ADD COLUMN units NUMERIC;
ALTER TABLE expenditure ADD COLUMN cost_option TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE expenditure ADD COLUMN units NUMERIC;

UPDATE projects SET flat_rates = (
	SELECT jsonb_agg(CASE
		WHEN e ? 'kind' THEN e
		WHEN e->>'category' = 'office_administration' AND e->>'base' = 'staff'
			THEN jsonb_build_object('kind', 'office_on_staff', 'rate_percent', e->'rate_percent')
		WHEN e->>'category' = 'travel_accommodation' AND e->>'base' = 'staff'
			THEN jsonb_build_object('kind', 'travel_on_staff', 'rate_percent', e->'rate_percent')
		ELSE e END ORDER BY n)
	FROM jsonb_array_elements(projects.flat_rates) WITH ORDINALITY AS x(e, n))
WHERE flat_rates IS NOT NULL AND jsonb_typeof(flat_rates) = 'array' AND jsonb_array_length(flat_rates) > 0;

-- The few lines that claim a unit cost or a lump sum, for the second
-- query of SumExpenditure, which sums them by cost option.
CREATE INDEX expenditure_cost_option ON expenditure (project_id, cost_option) WHERE cost_option <> '';
