-- The schema of the PostgreSQL store. Money is NUMERIC(17,2), exact;
-- decimals (rates, percentages, indicator values) NUMERIC, which keeps
-- their scale; nested values JSONB. IDs and every text key that is
-- ordered or compared use the "C" collation, so that lists are in byte
-- order, the order of the memory store and of Go strings, whatever the
-- database's locale.
--
-- Foreign keys protect every reference but one: attendance.beneficiary_id,
-- because store.Combine may keep beneficiaries outside the database; the
-- store checks that reference itself and locks the beneficiary row while
-- it writes attendance.
--
-- Indexes on filtered columns end with the sort key (id), so that a
-- filtered page (keyset pagination) is a range of one index, not a sort.

CREATE TABLE organisations (
	id           TEXT COLLATE "C" PRIMARY KEY,
	name         TEXT NOT NULL,
	short_name   TEXT NOT NULL,
	legal_status TEXT NOT NULL,
	country      TEXT COLLATE "C" NOT NULL,
	tax_id       TEXT COLLATE "C" NOT NULL,
	region       JSONB,
	city         TEXT NOT NULL,
	website      TEXT NOT NULL,
	contact      JSONB,
	version      BIGINT NOT NULL CHECK (version > 0),
	created_at   TIMESTAMPTZ NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX organisations_tax_id_key ON organisations (country, tax_id) WHERE tax_id <> '';
CREATE INDEX organisations_country ON organisations (country);

CREATE TABLE funds (
	id               TEXT COLLATE "C" PRIMARY KEY,
	code             TEXT NOT NULL,
	name             JSONB NOT NULL,
	kind             TEXT NOT NULL,
	max_rate_percent NUMERIC NOT NULL,
	version          BIGINT NOT NULL CHECK (version > 0),
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE projects (
	id                 TEXT COLLATE "C" PRIMARY KEY,
	acronym            TEXT NOT NULL,
	title              JSONB NOT NULL,
	description        JSONB NOT NULL,
	programme          TEXT NOT NULL,
	call_name          TEXT NOT NULL,
	priority_axis      TEXT NOT NULL,
	specific_objective TEXT NOT NULL,
	start_date         DATE NOT NULL,
	end_date           DATE NOT NULL,
	status             TEXT COLLATE "C" NOT NULL,
	currency           TEXT COLLATE "C" NOT NULL,
	regions            JSONB,
	target_groups      JSONB,
	periods            JSONB,
	flat_rates         JSONB,
	website            TEXT NOT NULL,
	version            BIGINT NOT NULL CHECK (version > 0),
	created_at         TIMESTAMPTZ NOT NULL,
	updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX projects_status ON projects (status);

CREATE TABLE partners (
	id         TEXT COLLATE "C" PRIMARY KEY,
	project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	org_id     TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
	role       TEXT COLLATE "C" NOT NULL CHECK (role IN ('lead', 'partner', 'associated')),
	number     INTEGER NOT NULL,
	funding    JSONB,
	version    BIGINT NOT NULL CHECK (version > 0),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX partners_one_lead ON partners (project_id) WHERE role = 'lead';
CREATE UNIQUE INDEX partners_org_key ON partners (project_id, org_id);
CREATE UNIQUE INDEX partners_number_key ON partners (project_id, number) WHERE number <> 0;
CREATE INDEX partners_project_id ON partners (project_id, id);
CREATE INDEX partners_org_id ON partners (org_id, id);

-- The funds a partner's co-financing (JSON) names, for their foreign keys.
CREATE TABLE partner_funds (
	partner_id TEXT COLLATE "C" NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
	fund_id    TEXT COLLATE "C" NOT NULL REFERENCES funds (id),
	PRIMARY KEY (partner_id, fund_id)
);
CREATE INDEX partner_funds_fund_id ON partner_funds (fund_id);

CREATE TABLE work_packages (
	id           TEXT COLLATE "C" PRIMARY KEY,
	project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	code         TEXT NOT NULL,
	title        JSONB NOT NULL,
	lead_partner TEXT COLLATE "C" REFERENCES partners (id),
	version      BIGINT NOT NULL CHECK (version > 0),
	created_at   TIMESTAMPTZ NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX work_packages_project_id ON work_packages (project_id, id);
CREATE INDEX work_packages_lead_partner ON work_packages (lead_partner);

CREATE TABLE activities (
	id              TEXT COLLATE "C" PRIMARY KEY,
	project_id      TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	work_package_id TEXT COLLATE "C" NOT NULL REFERENCES work_packages (id),
	code            TEXT NOT NULL,
	title           JSONB NOT NULL,
	version         BIGINT NOT NULL CHECK (version > 0),
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX activities_project_id ON activities (project_id, id);
CREATE INDEX activities_work_package_id ON activities (work_package_id);

CREATE TABLE events (
	id                    TEXT COLLATE "C" PRIMARY KEY,
	project_id            TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	activity_id           TEXT COLLATE "C" REFERENCES activities (id),
	type                  TEXT COLLATE "C" NOT NULL,
	title                 JSONB NOT NULL,
	start_date            DATE NOT NULL,
	end_date              DATE,
	place                 TEXT NOT NULL,
	country               TEXT NOT NULL,
	organiser             TEXT COLLATE "C" REFERENCES partners (id),
	co_organisers         JSONB,
	reported_participants INTEGER NOT NULL,
	online                BOOLEAN NOT NULL,
	version               BIGINT NOT NULL CHECK (version > 0),
	created_at            TIMESTAMPTZ NOT NULL,
	updated_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_project_id ON events (project_id, id);
CREATE INDEX events_activity_id ON events (activity_id);
CREATE INDEX events_organiser ON events (organiser);
CREATE INDEX events_start_date ON events (start_date);

-- The partners an event's co-organisers (JSON) name, for their foreign keys.
CREATE TABLE event_co_organisers (
	event_id   TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	partner_id TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
	PRIMARY KEY (event_id, partner_id)
);
CREATE INDEX event_co_organisers_partner_id ON event_co_organisers (partner_id);

CREATE TABLE beneficiaries (
	id            TEXT COLLATE "C" PRIMARY KEY,
	org_id        TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
	project_id    TEXT COLLATE "C" REFERENCES projects (id),
	reference     TEXT NOT NULL,
	household     BOOLEAN NOT NULL,
	gender        TEXT NOT NULL,
	birth_year    INTEGER NOT NULL,
	age_band      TEXT NOT NULL,
	region        TEXT NOT NULL,
	target_groups JSONB,
	legal_basis   TEXT NOT NULL,
	consent_date  DATE,
	retain_until  DATE,
	erased        BOOLEAN NOT NULL,
	erased_at     TIMESTAMPTZ,
	version       BIGINT NOT NULL CHECK (version > 0),
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX beneficiaries_org_id ON beneficiaries (org_id, id);
CREATE INDEX beneficiaries_project_id ON beneficiaries (project_id, id);

CREATE TABLE attendance (
	event_id       TEXT COLLATE "C" NOT NULL REFERENCES events (id),
	beneficiary_id TEXT COLLATE "C" NOT NULL,
	project_id     TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	created_at     TIMESTAMPTZ NOT NULL,
	CONSTRAINT attendance_pkey PRIMARY KEY (event_id, beneficiary_id)
);
CREATE INDEX attendance_beneficiary_id ON attendance (beneficiary_id, event_id);
CREATE INDEX attendance_project_id ON attendance (project_id, event_id, beneficiary_id);

CREATE TABLE indicators (
	id          TEXT COLLATE "C" PRIMARY KEY,
	project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	kind        TEXT NOT NULL,
	code        TEXT NOT NULL,
	name        JSONB NOT NULL,
	unit        TEXT NOT NULL,
	baseline    NUMERIC NOT NULL,
	target      NUMERIC NOT NULL,
	source      TEXT NOT NULL,
	computation TEXT NOT NULL,
	event_types JSONB,
	depends_on  TEXT COLLATE "C" REFERENCES indicators (id),
	version     BIGINT NOT NULL CHECK (version > 0),
	created_at  TIMESTAMPTZ NOT NULL,
	updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX indicators_project_id ON indicators (project_id, id);
CREATE INDEX indicators_depends_on ON indicators (depends_on);

CREATE TABLE measurements (
	id           TEXT COLLATE "C" PRIMARY KEY,
	indicator_id TEXT COLLATE "C" NOT NULL REFERENCES indicators (id),
	project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	period       INTEGER NOT NULL CHECK (period >= 0),
	value        NUMERIC NOT NULL,
	source       TEXT NOT NULL,
	evidence     TEXT NOT NULL,
	note         TEXT NOT NULL,
	version      BIGINT NOT NULL CHECK (version > 0),
	created_at   TIMESTAMPTZ NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX measurements_indicator_id ON measurements (indicator_id, id);
CREATE INDEX measurements_project_id ON measurements (project_id, id);

CREATE TABLE budget_lines (
	id              TEXT COLLATE "C" PRIMARY KEY,
	project_id      TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	partner_id      TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
	category        TEXT COLLATE "C" NOT NULL,
	period          INTEGER NOT NULL CHECK (period >= 0),
	amount          NUMERIC(17,2) NOT NULL,
	amount_currency TEXT COLLATE "C" NOT NULL,
	description     TEXT NOT NULL,
	computed        BOOLEAN NOT NULL,
	version         BIGINT NOT NULL CHECK (version > 0),
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX budget_lines_project_id ON budget_lines (project_id, id);
CREATE INDEX budget_lines_partner_id ON budget_lines (partner_id, id);

CREATE TABLE expenditure (
	id                 TEXT COLLATE "C" PRIMARY KEY,
	project_id         TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	partner_id         TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
	category           TEXT COLLATE "C" NOT NULL,
	period             INTEGER NOT NULL CHECK (period >= 0),
	spent_on           DATE NOT NULL,
	description        TEXT NOT NULL,
	amount             NUMERIC(17,2) NOT NULL,
	amount_currency    TEXT COLLATE "C" NOT NULL,
	converted          NUMERIC(17,2) NOT NULL,
	converted_currency TEXT COLLATE "C" NOT NULL,
	rate               NUMERIC NOT NULL,
	rate_date          DATE,
	rate_source        TEXT NOT NULL,
	version            BIGINT NOT NULL CHECK (version > 0),
	created_at         TIMESTAMPTZ NOT NULL,
	updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX expenditure_project_id ON expenditure (project_id, id);
CREATE INDEX expenditure_partner_id ON expenditure (partner_id, id);
CREATE INDEX expenditure_spent_on ON expenditure (spent_on);

CREATE TABLE rates (
	currency TEXT COLLATE "C" NOT NULL,
	month    TEXT COLLATE "C" NOT NULL,
	rate     NUMERIC NOT NULL,
	source   TEXT NOT NULL,
	PRIMARY KEY (currency, month)
);

-- Before and after are JSON, not JSONB: the log keeps the text it was
-- given.
CREATE TABLE audit_log (
	seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at          TIMESTAMPTZ NOT NULL,
	actor       JSONB NOT NULL,
	action      TEXT NOT NULL,
	entity      TEXT COLLATE "C" NOT NULL,
	entity_id   TEXT COLLATE "C" NOT NULL,
	before_json JSON,
	after_json  JSON
);
CREATE INDEX audit_log_entity ON audit_log (entity, seq);
CREATE INDEX audit_log_entity_id ON audit_log (entity_id, seq);
