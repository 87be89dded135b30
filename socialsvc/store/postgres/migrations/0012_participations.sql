-- ESF+ participations (issue 15): one beneficiary's participation in one
-- project with the data collected at entry (labour-market status, ISCED
-- level, the special-category answers yes/no/refused, '' when not asked)
-- and the results at exit and six months after (JSON lists of outcome,
-- observed_on and source). anonymous is set when the beneficiary is
-- erased: the gender and age band at entry the indicators keep.
--
-- beneficiary_id has no foreign key, as attendance.beneficiary_id has
-- none: store.Combine may keep beneficiaries outside the database; the
-- store checks that reference itself. org_id is the beneficiary's
-- organisation, copied by the store.
--
-- Beneficiaries gain the month of birth (0: not recorded), so that the
-- age at entry is exact to the month where it is known.
ALTER TABLE beneficiaries ADD COLUMN birth_month INTEGER NOT NULL DEFAULT 0 CHECK (birth_month BETWEEN 0 AND 12);

CREATE TABLE participations (
	id TEXT COLLATE "C" PRIMARY KEY,
	project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
	beneficiary_id TEXT COLLATE "C" NOT NULL,
	org_id TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
	entry_date DATE NOT NULL,
	exit_date DATE,
	labour_status TEXT COLLATE "C" NOT NULL,
	isced INTEGER CHECK (isced BETWEEN 0 AND 8),
	disability TEXT NOT NULL,
	third_country_national TEXT NOT NULL,
	foreign_background TEXT NOT NULL,
	minority TEXT NOT NULL,
	homeless TEXT NOT NULL,
	rural TEXT NOT NULL,
	anonymous JSONB,
	exit_situation JSONB,
	six_month_situation JSONB,
	version BIGINT NOT NULL CHECK (version > 0),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX participations_project_id ON participations (project_id, id);
CREATE INDEX participations_project_entry ON participations (project_id, entry_date, id);
CREATE INDEX participations_beneficiary_id ON participations (beneficiary_id, project_id, id);
CREATE INDEX participations_org_id ON participations (org_id, id);
