-- The schema of the SQLite store. Every table is STRICT (types are
-- enforced). Money is the canonical text ("1234.56", what the library
-- writes) with integer cents beside it for exact SQL sums (SUM over text
-- would go through floating point); a CHECK keeps the two equal. Dates
-- are "YYYY-MM-DD", instants "YYYY-MM-DDTHH:MM:SS.ffffffZ" (UTC, text
-- order is time order), decimals their exact text, nested values JSON.
--
-- Foreign keys protect every reference but one: attendance.beneficiary_id,
-- because store.Combine may keep beneficiaries outside the database; the
-- store checks that reference itself.
--
-- Indexes on filtered columns end with the sort key (id), so that a
-- filtered page (keyset pagination) is a range of one index, not a sort.

CREATE TABLE organisations (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	short_name   TEXT NOT NULL,
	legal_status TEXT NOT NULL,
	country      TEXT NOT NULL,
	tax_id       TEXT NOT NULL,
	region       TEXT,
	city         TEXT NOT NULL,
	website      TEXT NOT NULL,
	contact      TEXT,
	version      INTEGER NOT NULL CHECK (version > 0),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX organisations_tax_id_key ON organisations (country, tax_id) WHERE tax_id <> '';
CREATE INDEX organisations_country ON organisations (country);

CREATE TABLE funds (
	id               TEXT PRIMARY KEY,
	code             TEXT NOT NULL,
	name             TEXT NOT NULL,
	kind             TEXT NOT NULL,
	max_rate_percent TEXT NOT NULL,
	version          INTEGER NOT NULL CHECK (version > 0),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE projects (
	id                 TEXT PRIMARY KEY,
	acronym            TEXT NOT NULL,
	title              TEXT NOT NULL,
	description        TEXT NOT NULL,
	programme          TEXT NOT NULL,
	call_name          TEXT NOT NULL,
	priority_axis      TEXT NOT NULL,
	specific_objective TEXT NOT NULL,
	start_date         TEXT NOT NULL,
	end_date           TEXT NOT NULL,
	status             TEXT NOT NULL,
	currency           TEXT NOT NULL,
	regions            TEXT,
	target_groups      TEXT,
	periods            TEXT,
	flat_rates         TEXT,
	website            TEXT NOT NULL,
	version            INTEGER NOT NULL CHECK (version > 0),
	created_at         TEXT NOT NULL,
	updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX projects_status ON projects (status);

CREATE TABLE partners (
	id         TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id),
	org_id     TEXT NOT NULL REFERENCES organisations (id),
	role       TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'associated')),
	number     INTEGER NOT NULL,
	funding    TEXT,
	version    INTEGER NOT NULL CHECK (version > 0),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX partners_one_lead ON partners (project_id) WHERE role = 'lead';
CREATE UNIQUE INDEX partners_org_key ON partners (project_id, org_id);
CREATE UNIQUE INDEX partners_number_key ON partners (project_id, number) WHERE number <> 0;
CREATE INDEX partners_project_id ON partners (project_id, id);
CREATE INDEX partners_org_id ON partners (org_id, id);

-- The funds a partner's co-financing (JSON) names, for their foreign keys.
CREATE TABLE partner_funds (
	partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
	fund_id    TEXT NOT NULL REFERENCES funds (id),
	PRIMARY KEY (partner_id, fund_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX partner_funds_fund_id ON partner_funds (fund_id);

CREATE TABLE work_packages (
	id           TEXT PRIMARY KEY,
	project_id   TEXT NOT NULL REFERENCES projects (id),
	code         TEXT NOT NULL,
	title        TEXT NOT NULL,
	lead_partner TEXT REFERENCES partners (id),
	version      INTEGER NOT NULL CHECK (version > 0),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX work_packages_project_id ON work_packages (project_id, id);
CREATE INDEX work_packages_lead_partner ON work_packages (lead_partner);

CREATE TABLE activities (
	id              TEXT PRIMARY KEY,
	project_id      TEXT NOT NULL REFERENCES projects (id),
	work_package_id TEXT NOT NULL REFERENCES work_packages (id),
	code            TEXT NOT NULL,
	title           TEXT NOT NULL,
	version         INTEGER NOT NULL CHECK (version > 0),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX activities_project_id ON activities (project_id, id);
CREATE INDEX activities_work_package_id ON activities (work_package_id);

CREATE TABLE events (
	id                    TEXT PRIMARY KEY,
	project_id            TEXT NOT NULL REFERENCES projects (id),
	activity_id           TEXT REFERENCES activities (id),
	type                  TEXT NOT NULL,
	title                 TEXT NOT NULL,
	start_date            TEXT NOT NULL,
	end_date              TEXT,
	place                 TEXT NOT NULL,
	country               TEXT NOT NULL,
	organiser             TEXT REFERENCES partners (id),
	co_organisers         TEXT,
	reported_participants INTEGER NOT NULL,
	online                INTEGER NOT NULL,
	version               INTEGER NOT NULL CHECK (version > 0),
	created_at            TEXT NOT NULL,
	updated_at            TEXT NOT NULL
) STRICT;
CREATE INDEX events_project_id ON events (project_id, id);
CREATE INDEX events_activity_id ON events (activity_id);
CREATE INDEX events_organiser ON events (organiser);
CREATE INDEX events_start_date ON events (start_date);

-- The partners an event's co-organisers (JSON) name, for their foreign keys.
CREATE TABLE event_co_organisers (
	event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	partner_id TEXT NOT NULL REFERENCES partners (id),
	PRIMARY KEY (event_id, partner_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_co_organisers_partner_id ON event_co_organisers (partner_id);

CREATE TABLE beneficiaries (
	id            TEXT PRIMARY KEY,
	org_id        TEXT NOT NULL REFERENCES organisations (id),
	project_id    TEXT REFERENCES projects (id),
	reference     TEXT NOT NULL,
	household     INTEGER NOT NULL,
	gender        TEXT NOT NULL,
	birth_year    INTEGER NOT NULL,
	age_band      TEXT NOT NULL,
	region        TEXT NOT NULL,
	target_groups TEXT,
	legal_basis   TEXT NOT NULL,
	consent_date  TEXT,
	retain_until  TEXT,
	erased        INTEGER NOT NULL,
	erased_at     TEXT,
	version       INTEGER NOT NULL CHECK (version > 0),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX beneficiaries_org_id ON beneficiaries (org_id, id);
CREATE INDEX beneficiaries_project_id ON beneficiaries (project_id, id);

CREATE TABLE attendance (
	event_id       TEXT NOT NULL REFERENCES events (id),
	beneficiary_id TEXT NOT NULL,
	project_id     TEXT NOT NULL REFERENCES projects (id),
	created_at     TEXT NOT NULL,
	PRIMARY KEY (event_id, beneficiary_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_beneficiary_id ON attendance (beneficiary_id, event_id);
CREATE INDEX attendance_project_id ON attendance (project_id, event_id, beneficiary_id);

CREATE TABLE indicators (
	id          TEXT PRIMARY KEY,
	project_id  TEXT NOT NULL REFERENCES projects (id),
	kind        TEXT NOT NULL,
	code        TEXT NOT NULL,
	name        TEXT NOT NULL,
	unit        TEXT NOT NULL,
	baseline    TEXT NOT NULL,
	target      TEXT NOT NULL,
	source      TEXT NOT NULL,
	computation TEXT NOT NULL,
	event_types TEXT,
	depends_on  TEXT REFERENCES indicators (id),
	version     INTEGER NOT NULL CHECK (version > 0),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX indicators_project_id ON indicators (project_id, id);
CREATE INDEX indicators_depends_on ON indicators (depends_on);

CREATE TABLE measurements (
	id           TEXT PRIMARY KEY,
	indicator_id TEXT NOT NULL REFERENCES indicators (id),
	project_id   TEXT NOT NULL REFERENCES projects (id),
	period       INTEGER NOT NULL CHECK (period >= 0),
	value        TEXT NOT NULL,
	source       TEXT NOT NULL,
	evidence     TEXT NOT NULL,
	note         TEXT NOT NULL,
	version      INTEGER NOT NULL CHECK (version > 0),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX measurements_indicator_id ON measurements (indicator_id, id);
CREATE INDEX measurements_project_id ON measurements (project_id, id);

CREATE TABLE budget_lines (
	id              TEXT PRIMARY KEY,
	project_id      TEXT NOT NULL REFERENCES projects (id),
	partner_id      TEXT NOT NULL REFERENCES partners (id),
	category        TEXT NOT NULL,
	period          INTEGER NOT NULL CHECK (period >= 0),
	amount          TEXT NOT NULL,
	amount_cents    INTEGER NOT NULL,
	amount_currency TEXT NOT NULL,
	description     TEXT NOT NULL,
	computed        INTEGER NOT NULL,
	version         INTEGER NOT NULL CHECK (version > 0),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	CHECK (amount = (CASE WHEN amount_cents < 0 THEN '-' ELSE '' END) || (abs(amount_cents) / 100) || '.' || substr('0' || (abs(amount_cents) % 100), -2))
) STRICT;
CREATE INDEX budget_lines_project_id ON budget_lines (project_id, id);
CREATE INDEX budget_lines_partner_id ON budget_lines (partner_id, id);

CREATE TABLE expenditure (
	id                 TEXT PRIMARY KEY,
	project_id         TEXT NOT NULL REFERENCES projects (id),
	partner_id         TEXT NOT NULL REFERENCES partners (id),
	category           TEXT NOT NULL,
	period             INTEGER NOT NULL CHECK (period >= 0),
	spent_on           TEXT NOT NULL,
	description        TEXT NOT NULL,
	amount             TEXT NOT NULL,
	amount_cents       INTEGER NOT NULL,
	amount_currency    TEXT NOT NULL,
	converted          TEXT NOT NULL,
	converted_cents    INTEGER NOT NULL,
	converted_currency TEXT NOT NULL,
	rate               TEXT NOT NULL,
	rate_date          TEXT,
	rate_source        TEXT NOT NULL,
	version            INTEGER NOT NULL CHECK (version > 0),
	created_at         TEXT NOT NULL,
	updated_at         TEXT NOT NULL,
	CHECK (amount = (CASE WHEN amount_cents < 0 THEN '-' ELSE '' END) || (abs(amount_cents) / 100) || '.' || substr('0' || (abs(amount_cents) % 100), -2)),
	CHECK (converted = (CASE WHEN converted_cents < 0 THEN '-' ELSE '' END) || (abs(converted_cents) / 100) || '.' || substr('0' || (abs(converted_cents) % 100), -2))
) STRICT;
CREATE INDEX expenditure_project_id ON expenditure (project_id, id);
CREATE INDEX expenditure_partner_id ON expenditure (partner_id, id);
CREATE INDEX expenditure_spent_on ON expenditure (spent_on);

CREATE TABLE rates (
	currency TEXT NOT NULL,
	month    TEXT NOT NULL,
	rate     TEXT NOT NULL,
	source   TEXT NOT NULL,
	PRIMARY KEY (currency, month)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_log (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   TEXT NOT NULL,
	before_json TEXT,
	after_json  TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, seq);
CREATE INDEX audit_log_entity_id ON audit_log (entity_id, seq);
