-- The reporting and payment cycle (issue 14): partner reports and their
-- expenditure lines with the controller's decision, project reports,
-- payments per partner and fund, and advances. A partner names its control
-- body, whose controllers check its reports. Amounts are typed money
-- columns; nested values (history, contributions, a line's conversion and
-- control decision) are JSON.
ALTER TABLE partners ADD COLUMN control_body TEXT REFERENCES organisations (id);

CREATE TABLE partner_reports (
	id TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id),
	partner_id TEXT NOT NULL REFERENCES partners (id),
	number INTEGER NOT NULL CHECK (number > 0),
	period INTEGER NOT NULL CHECK (period >= 0),
	status TEXT NOT NULL,
	rate_month TEXT,
	submitted_on TEXT,
	control_on TEXT,
	certified_on TEXT,
	contributions TEXT,
	history TEXT,
	version INTEGER NOT NULL CHECK (version > 0),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX partner_reports_number_key ON partner_reports (partner_id, number);
CREATE INDEX partner_reports_project_id ON partner_reports (project_id, id);

CREATE TABLE report_lines (
	id TEXT PRIMARY KEY,
	report_id TEXT NOT NULL REFERENCES partner_reports (id),
	category TEXT NOT NULL,
	description TEXT NOT NULL,
	amount TEXT NOT NULL,
	amount_cents INTEGER NOT NULL,
	amount_currency TEXT NOT NULL,
	cost_option TEXT NOT NULL,
	units TEXT,
	invoice_number TEXT NOT NULL,
	invoice_date TEXT,
	payment_date TEXT,
	vat TEXT NOT NULL,
	vat_cents INTEGER NOT NULL,
	vat_currency TEXT NOT NULL,
	vat_recoverable INTEGER NOT NULL,
	procurement_ref TEXT NOT NULL,
	internal_ref TEXT NOT NULL,
	parked_from TEXT NOT NULL,
	converted TEXT NOT NULL,
	converted_cents INTEGER NOT NULL,
	converted_currency TEXT NOT NULL,
	conversion TEXT,
	control TEXT,
	version INTEGER NOT NULL CHECK (version > 0),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (amount = (CASE WHEN amount_cents < 0 THEN '-' ELSE '' END) || (abs(amount_cents) / 100) || '.' || substr('0' || (abs(amount_cents) % 100), -2)),
	CHECK (vat = (CASE WHEN vat_cents < 0 THEN '-' ELSE '' END) || (abs(vat_cents) / 100) || '.' || substr('0' || (abs(vat_cents) % 100), -2)),
	CHECK (converted = (CASE WHEN converted_cents < 0 THEN '-' ELSE '' END) || (abs(converted_cents) / 100) || '.' || substr('0' || (abs(converted_cents) % 100), -2))
) STRICT;
CREATE INDEX report_lines_report_id ON report_lines (report_id, id);

CREATE TABLE project_reports (
	id TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id),
	number INTEGER NOT NULL CHECK (number > 0),
	period INTEGER NOT NULL CHECK (period >= 0),
	partner_report_ids TEXT,
	status TEXT NOT NULL,
	submitted_on TEXT,
	verified_on TEXT,
	history TEXT,
	version INTEGER NOT NULL CHECK (version > 0),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX project_reports_number_key ON project_reports (project_id, number);

CREATE TABLE payments (
	id TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id),
	project_report_id TEXT NOT NULL REFERENCES project_reports (id),
	partner_id TEXT NOT NULL REFERENCES partners (id),
	fund_id TEXT NOT NULL REFERENCES funds (id),
	rate_percent TEXT NOT NULL,
	certified TEXT NOT NULL,
	certified_cents INTEGER NOT NULL,
	certified_currency TEXT NOT NULL,
	fund_amount TEXT NOT NULL,
	fund_amount_cents INTEGER NOT NULL,
	fund_amount_currency TEXT NOT NULL,
	own TEXT NOT NULL,
	own_cents INTEGER NOT NULL,
	own_currency TEXT NOT NULL,
	advance_settled TEXT NOT NULL,
	advance_settled_cents INTEGER NOT NULL,
	advance_settled_currency TEXT NOT NULL,
	due TEXT NOT NULL,
	due_cents INTEGER NOT NULL,
	due_currency TEXT NOT NULL,
	paid TEXT,
	paid_on TEXT,
	version INTEGER NOT NULL CHECK (version > 0),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (certified = (CASE WHEN certified_cents < 0 THEN '-' ELSE '' END) || (abs(certified_cents) / 100) || '.' || substr('0' || (abs(certified_cents) % 100), -2)),
	CHECK (fund_amount = (CASE WHEN fund_amount_cents < 0 THEN '-' ELSE '' END) || (abs(fund_amount_cents) / 100) || '.' || substr('0' || (abs(fund_amount_cents) % 100), -2)),
	CHECK (own = (CASE WHEN own_cents < 0 THEN '-' ELSE '' END) || (abs(own_cents) / 100) || '.' || substr('0' || (abs(own_cents) % 100), -2)),
	CHECK (advance_settled = (CASE WHEN advance_settled_cents < 0 THEN '-' ELSE '' END) || (abs(advance_settled_cents) / 100) || '.' || substr('0' || (abs(advance_settled_cents) % 100), -2)),
	CHECK (due = (CASE WHEN due_cents < 0 THEN '-' ELSE '' END) || (abs(due_cents) / 100) || '.' || substr('0' || (abs(due_cents) % 100), -2))
) STRICT;
CREATE UNIQUE INDEX payments_key ON payments (project_report_id, partner_id, fund_id);
CREATE INDEX payments_project_id ON payments (project_id, id);

CREATE TABLE advances (
	id TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id),
	partner_id TEXT NOT NULL REFERENCES partners (id),
	fund_id TEXT NOT NULL REFERENCES funds (id),
	amount TEXT NOT NULL,
	amount_cents INTEGER NOT NULL,
	amount_currency TEXT NOT NULL,
	paid_on TEXT,
	settled TEXT NOT NULL,
	settled_cents INTEGER NOT NULL,
	settled_currency TEXT NOT NULL,
	version INTEGER NOT NULL CHECK (version > 0),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (amount = (CASE WHEN amount_cents < 0 THEN '-' ELSE '' END) || (abs(amount_cents) / 100) || '.' || substr('0' || (abs(amount_cents) % 100), -2)),
	CHECK (settled = (CASE WHEN settled_cents < 0 THEN '-' ELSE '' END) || (abs(settled_cents) / 100) || '.' || substr('0' || (abs(settled_cents) % 100), -2))
) STRICT;
CREATE INDEX advances_project_id ON advances (project_id, id);
