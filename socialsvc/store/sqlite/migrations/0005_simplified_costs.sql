-- Simplified cost options (issue 11): unit costs and lump sums defined per
-- project, the lines that budget or claim them, and the programme's
-- flexibility margin. Flat rates become kinds (office_on_staff, ...)
-- instead of a free pair of category and base; the two pairs the old
-- model could mean are rewritten to their kind.
ALTER TABLE projects ADD COLUMN unit_costs TEXT;
ALTER TABLE projects ADD COLUMN lump_sums TEXT;
ALTER TABLE projects ADD COLUMN flexibility_percent TEXT;
ALTER TABLE budget_lines ADD COLUMN cost_option TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_lines ADD COLUMN units TEXT;
ALTER TABLE expenditure ADD COLUMN cost_option TEXT NOT NULL DEFAULT '';
ALTER TABLE expenditure ADD COLUMN units TEXT;

UPDATE projects SET flat_rates = (
	SELECT json_group_array(CASE
		WHEN json_extract(e.value, '$.kind') IS NOT NULL THEN json(e.value)
		WHEN json_extract(e.value, '$.category') = 'office_administration' AND json_extract(e.value, '$.base') = 'staff'
			THEN json_object('kind', 'office_on_staff', 'rate_percent', json_extract(e.value, '$.rate_percent'))
		WHEN json_extract(e.value, '$.category') = 'travel_accommodation' AND json_extract(e.value, '$.base') = 'staff'
			THEN json_object('kind', 'travel_on_staff', 'rate_percent', json_extract(e.value, '$.rate_percent'))
		ELSE json(e.value) END)
	FROM json_each(projects.flat_rates) AS e)
WHERE flat_rates IS NOT NULL AND json_valid(flat_rates) AND json_type(flat_rates) = 'array';

-- The few lines that claim a unit cost or a lump sum, for the second
-- query of SumExpenditure, which sums them by cost option.
CREATE INDEX expenditure_cost_option ON expenditure (project_id, cost_option) WHERE cost_option <> '';
