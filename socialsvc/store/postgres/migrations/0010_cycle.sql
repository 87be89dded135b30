-- The reporting and payment cycle (issue 14): partner reports and their
-- expenditure lines with the controller's decision, project reports,
-- payments per partner and fund, and advances. A partner names its control
-- body, whose controllers check its reports. Amounts are typed money
-- columns; nested values (history, contributions, a line's conversion and
-- control decision) are JSON.
ALTER TABLE partners ADD COLUMN control_body TEXT COLLATE "C" REFERENCES organisations (id);

CREATE TABLE partner_reports (
	id TEXT COLLATE "C" PRIMARY KEY,
	project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	partner_id TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
	number INTEGER NOT NULL CHECK (number > 0),
	period INTEGER NOT NULL CHECK (period >= 0),
	status TEXT COLLATE "C" NOT NULL,
	rate_month DATE,
	submitted_on DATE,
	control_on DATE,
	certified_on DATE,
	contributions JSONB,
	history JSONB,
	version BIGINT NOT NULL CHECK (version > 0),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX partner_reports_number_key ON partner_reports (partner_id, number);
CREATE INDEX partner_reports_project_id ON partner_reports (project_id, id);

CREATE TABLE report_lines (
	id TEXT COLLATE "C" PRIMARY KEY,
	report_id TEXT COLLATE "C" NOT NULL REFERENCES partner_reports (id),
	category TEXT COLLATE "C" NOT NULL,
	description TEXT NOT NULL,
	amount NUMERIC(17,2) NOT NULL,
	amount_currency TEXT COLLATE "C" NOT NULL,
	cost_option TEXT NOT NULL,
	units NUMERIC,
	invoice_number TEXT NOT NULL,
	invoice_date DATE,
	payment_date DATE,
	vat NUMERIC(17,2) NOT NULL,
	vat_currency TEXT COLLATE "C" NOT NULL,
	vat_recoverable BOOLEAN NOT NULL,
	procurement_ref TEXT NOT NULL,
	internal_ref TEXT NOT NULL,
	parked_from TEXT NOT NULL,
	converted NUMERIC(17,2) NOT NULL,
	converted_currency TEXT COLLATE "C" NOT NULL,
	conversion JSONB,
	control JSONB,
	version BIGINT NOT NULL CHECK (version > 0),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_lines_report_id ON report_lines (report_id, id);

CREATE TABLE project_reports (
	id TEXT COLLATE "C" PRIMARY KEY,
	project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	number INTEGER NOT NULL CHECK (number > 0),
	period INTEGER NOT NULL CHECK (period >= 0),
	partner_report_ids JSONB,
	status TEXT COLLATE "C" NOT NULL,
	submitted_on DATE,
	verified_on DATE,
	history JSONB,
	version BIGINT NOT NULL CHECK (version > 0),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX project_reports_number_key ON project_reports (project_id, number);

CREATE TABLE payments (
	id TEXT COLLATE "C" PRIMARY KEY,
	project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	project_report_id TEXT COLLATE "C" NOT NULL REFERENCES project_reports (id),
	partner_id TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
	fund_id TEXT COLLATE "C" NOT NULL REFERENCES funds (id),
	rate_percent NUMERIC NOT NULL,
	certified NUMERIC(17,2) NOT NULL,
	certified_currency TEXT COLLATE "C" NOT NULL,
	fund_amount NUMERIC(17,2) NOT NULL,
	fund_amount_currency TEXT COLLATE "C" NOT NULL,
	own NUMERIC(17,2) NOT NULL,
	own_currency TEXT COLLATE "C" NOT NULL,
	advance_settled NUMERIC(17,2) NOT NULL,
	advance_settled_currency TEXT COLLATE "C" NOT NULL,
	due NUMERIC(17,2) NOT NULL,
	due_currency TEXT COLLATE "C" NOT NULL,
	paid JSONB,
	paid_on JSONB,
	version BIGINT NOT NULL CHECK (version > 0),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX payments_key ON payments (project_report_id, partner_id, fund_id);
CREATE INDEX payments_project_id ON payments (project_id, id);

CREATE TABLE advances (
	id TEXT COLLATE "C" PRIMARY KEY,
	project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	partner_id TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
	fund_id TEXT COLLATE "C" NOT NULL REFERENCES funds (id),
	amount NUMERIC(17,2) NOT NULL,
	amount_currency TEXT COLLATE "C" NOT NULL,
	paid_on DATE,
	settled NUMERIC(17,2) NOT NULL,
	settled_currency TEXT COLLATE "C" NOT NULL,
	version BIGINT NOT NULL CHECK (version > 0),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX advances_project_id ON advances (project_id, id);
