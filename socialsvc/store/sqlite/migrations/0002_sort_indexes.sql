-- Indexes for the lists that sort by a date or period (store.ListOptions.Sort):
-- within one project (or indicator) the keyset condition
-- (col, id) > ($1, $2) and ORDER BY col, id [DESC] are one range scan.
CREATE INDEX events_project_start ON events (project_id, start_date, id);
CREATE INDEX expenditure_project_spent_on ON expenditure (project_id, spent_on, id);
CREATE INDEX measurements_indicator_period ON measurements (indicator_id, period, id);
CREATE INDEX projects_start_date ON projects (start_date, id);
