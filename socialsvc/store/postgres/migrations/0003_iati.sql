-- IATI: an organisation's and a fund's registered IATI organisation
-- identifier, and a project's contract modifications (extensions), from
-- which the contracted (planned) end is read.
ALTER TABLE organisations ADD COLUMN iati_ref TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE funds ADD COLUMN iati_ref TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN modifications JSONB;
