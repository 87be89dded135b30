package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/sqlite"
	"github.com/zajednica/go-socialsvc/socialsvc/store/storetest"
)

func openCity(t *testing.T) *Korisnici {
	t.Helper()
	k, err := OpenKorisnici(t.Context(), filepath.Join(t.TempDir(), "grad.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = k.Close() })
	return k
}

func openCombined(t *testing.T) (store.Store, *Korisnici) {
	t.Helper()
	rest, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "socialsvc.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = rest.Close() })
	city := openCity(t)
	return store.Combine(rest, city), city
}

// TestConformance runs the beneficiary part of the conformance suite on
// the city's table combined with the SQLite driver: what a city runs
// against its own database after adapting Korisnici.
func TestConformance(t *testing.T) {
	storetest.RunBeneficiaries(t, func(t *testing.T) store.Store {
		s, _ := openCombined(t)
		return s
	})
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), t.TempDir(), &out))
	assert.Equal(t, "korisnici: 3 rows in the city's table, 1 erased\n"+
		"Socijalni atelier: 5 visits by 3 individuals\n", out.String())
}

// rawRow reads the city's columns of one row as text, nil for NULL.
func rawRow(t *testing.T, k *Korisnici, id socialsvc.BeneficiaryID) map[string]any {
	t.Helper()
	cols := []string{"sifra", "ustanova", "projekt", "broj_predmeta", "kucanstvo", "spol", "godina_rodjenja", "dobna_skupina",
		"zupanija", "skupine", "pravna_osnova", "privola_dana", "privola_do", "verzija"}
	vals := make([]sql.NullString, len(cols))
	dests := make([]any, len(cols))
	for i := range vals {
		dests[i] = &vals[i]
	}
	q := "SELECT sifra, ustanova, projekt, broj_predmeta, kucanstvo, spol, godina_rodjenja, dobna_skupina, " +
		"zupanija, skupine, pravna_osnova, privola_dana, privola_do, verzija FROM korisnici WHERE sifra = ?"
	require.NoError(t, k.db.QueryRowContext(t.Context(), q, string(id)).Scan(dests...))
	row := map[string]any{}
	for i, c := range cols {
		if vals[i].Valid {
			row[c] = vals[i].String
		} else {
			row[c] = nil
		}
	}
	return row
}

// TestCityColumns checks the mapping to the city's columns and codes, and
// that erasure empties every personal column but keeps the row.
func TestCityColumns(t *testing.T) {
	ctx := t.Context()
	s, city := openCombined(t)
	org := socialsvc.Organisation{ID: "grad-osijek", Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	require.NoError(t, s.CreateOrganisation(ctx, &org))
	p := socialsvc.Project{ID: "atelier", Acronym: "Atelier", Title: socialsvc.I18n{"hr": "Socijalni atelier"}, Start: socialsvc.MustDate("2019-01-01"), End: socialsvc.MustDate("2021-12-31")}
	require.NoError(t, s.CreateProject(ctx, &p))
	b := socialsvc.Beneficiary{
		ID: "os-0042", OrgID: org.ID, ProjectID: p.ID, Reference: "SA-2019/042", Household: true,
		Gender: socialsvc.GenderFemale, BirthYear: 1957, Region: "HR025",
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGRoma, socialsvc.TGElderly},
		LegalBasis:   socialsvc.BasisConsent, ConsentDate: socialsvc.MustDate("2019-03-01"), RetainUntil: socialsvc.MustDate("2030-12-31"),
	}
	require.NoError(t, s.CreateBeneficiary(ctx, &b))
	assert.Equal(t, map[string]any{
		"sifra": "os-0042", "ustanova": "grad-osijek", "projekt": "atelier", "broj_predmeta": "SA-2019/042", "kucanstvo": "1",
		"spol": "Ž", "godina_rodjenja": "1957", "dobna_skupina": nil, "zupanija": "HR025", "skupine": "roma,elderly",
		"pravna_osnova": "privola", "privola_dana": "2019-03-01", "privola_do": "2030-12-31", "verzija": "1",
	}, rawRow(t, city, b.ID))

	require.NoError(t, s.EraseBeneficiary(ctx, b.ID))
	assert.Equal(t, map[string]any{
		"sifra": "os-0042", "ustanova": "grad-osijek", "projekt": "atelier", "broj_predmeta": nil, "kucanstvo": nil,
		"spol": nil, "godina_rodjenja": nil, "dobna_skupina": nil, "zupanija": nil, "skupine": nil,
		"pravna_osnova": "privola", "privola_dana": nil, "privola_do": nil, "verzija": "2",
	}, rawRow(t, city, b.ID))
	var erasedAt sql.NullString
	require.NoError(t, city.db.QueryRowContext(ctx, "SELECT izbrisan FROM korisnici WHERE sifra = ?", "os-0042").Scan(&erasedAt))
	assert.True(t, erasedAt.Valid, "izbrisan records when")
}

// TestCodes maps every gender and legal basis to the city's code and back.
func TestCodes(t *testing.T) {
	tests := []struct {
		gender      socialsvc.Gender
		basis       socialsvc.LegalBasis
		spol, osnov any
	}{
		{socialsvc.GenderFemale, socialsvc.BasisConsent, "Ž", "privola"},
		{socialsvc.GenderMale, socialsvc.BasisContract, "M", "ugovor"},
		{socialsvc.GenderOther, socialsvc.BasisLegalObligation, "O", "zakonska_obveza"},
		{socialsvc.GenderUnknown, socialsvc.BasisVitalInterest, nil, "vitalni_interes"},
		{socialsvc.GenderFemale, socialsvc.BasisPublicTask, "Ž", "javna_zadaca"},
		{socialsvc.GenderMale, socialsvc.BasisLegitimate, "M", "legitimni_interes"},
	}
	ctx := t.Context()
	city := openCity(t)
	for _, tc := range tests {
		t.Run(string(tc.basis), func(t *testing.T) {
			b := socialsvc.Beneficiary{OrgID: "grad-osijek", Gender: tc.gender, LegalBasis: tc.basis, RetainUntil: socialsvc.MustDate("2030-12-31")}
			if tc.basis == socialsvc.BasisConsent {
				b.ConsentDate = socialsvc.MustDate("2019-03-01")
			}
			require.NoError(t, city.CreateBeneficiary(ctx, &b))
			row := rawRow(t, city, b.ID)
			assert.Equal(t, tc.spol, row["spol"])
			assert.Equal(t, tc.osnov, row["pravna_osnova"])
			got, err := city.GetBeneficiary(ctx, b.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.gender, got.Gender)
			assert.Equal(t, tc.basis, got.LegalBasis)
		})
	}
}

// TestUnknownCityCode: a row written by another of the city's systems with
// a code the mapping does not know is an internal error that names the
// column, not the value.
func TestUnknownCityCode(t *testing.T) {
	tests := []struct {
		column, set, value string
	}{
		{"spol", "spol = ?", "ženski"},
		{"pravna_osnova", "pravna_osnova = ?", "čl. 6"},
		{"privola_do", "privola_do = ?", "31.12.2030."},
	}
	for _, tc := range tests {
		t.Run(tc.column, func(t *testing.T) {
			ctx := t.Context()
			city := openCity(t)
			b := socialsvc.Beneficiary{ID: "os-1", OrgID: "grad-osijek", LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
			require.NoError(t, city.CreateBeneficiary(ctx, &b))
			_, err := city.db.ExecContext(ctx, "UPDATE korisnici SET "+tc.set+" WHERE sifra = 'os-1'", tc.value)
			require.NoError(t, err)

			_, err = city.GetBeneficiary(ctx, b.ID)
			assert.Equal(t, socialsvc.Internal, socialsvc.ErrorCode(err))
			assert.Equal(t, "internal: a row of korisnici has a value in "+tc.column+" that the mapping does not know", err.Error())
			_, err = city.ListBeneficiaries(ctx, store.BeneficiaryFilter{})
			assert.Equal(t, socialsvc.Internal, socialsvc.ErrorCode(err))
		})
	}
}

// TestKorisniciAlone: the rules Korisnici enforces by itself, without
// store.Combine in front of it.
func TestKorisniciAlone(t *testing.T) {
	ctx := t.Context()
	city := openCity(t)
	valid := func() socialsvc.Beneficiary {
		return socialsvc.Beneficiary{OrgID: "grad-osijek", LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
	}
	first := valid()
	first.ID = "os-1"
	require.NoError(t, city.CreateBeneficiary(ctx, &first))
	erased := valid()
	require.NoError(t, city.CreateBeneficiary(ctx, &erased))
	require.NoError(t, city.EraseBeneficiary(ctx, erased.ID))
	erased, err := city.GetBeneficiary(ctx, erased.ID)
	require.NoError(t, err)

	tests := []struct {
		name  string
		call  func() error
		code  string
		field string
	}{
		{"create without legal basis", func() error { b := valid(); b.LegalBasis = ""; return city.CreateBeneficiary(ctx, &b) }, socialsvc.Invalid, "legal_basis"},
		{"create erased", func() error { b := valid(); b.Erased = true; return city.CreateBeneficiary(ctx, &b) }, socialsvc.Invalid, "erased"},
		{"create with a taken id", func() error { b := valid(); b.ID = "os-1"; return city.CreateBeneficiary(ctx, &b) }, socialsvc.Conflict, "id"},
		{"update at a stale version", func() error { b := first; b.Version = 7; return city.UpdateBeneficiary(ctx, &b) }, socialsvc.Conflict, "version"},
		{"update with a bad gender", func() error { b := first; b.Gender = "x"; return city.UpdateBeneficiary(ctx, &b) }, socialsvc.Invalid, "gender"},
		{"update an erased record", func() error { b := erased; b.Gender = socialsvc.GenderMale; return city.UpdateBeneficiary(ctx, &b) }, socialsvc.Conflict, "erased"},
		{"update a missing record", func() error { b := first; b.ID = "os-404"; return city.UpdateBeneficiary(ctx, &b) }, socialsvc.NotFound, ""},
		{"delete at a stale version", func() error { return city.DeleteBeneficiary(ctx, "os-1", 2) }, socialsvc.Conflict, "version"},
		{"erase a missing record", func() error { return city.EraseBeneficiary(ctx, "os-404") }, socialsvc.NotFound, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			assert.Equal(t, tc.code, socialsvc.ErrorCode(err), "%v", err)
			var fields []string
			for _, f := range socialsvc.ErrorFields(err) {
				fields = append(fields, f.Field)
			}
			if tc.field == "" {
				assert.Empty(t, fields)
			} else {
				assert.Equal(t, []string{tc.field}, fields)
			}
		})
	}
	// Nothing above changed the stored records.
	got, err := city.GetBeneficiary(ctx, "os-1")
	require.NoError(t, err)
	assert.Equal(t, first, got)
	pg, err := city.ListBeneficiaries(ctx, store.BeneficiaryFilter{})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 2)

	// Erasing again changes nothing.
	require.NoError(t, city.EraseBeneficiary(ctx, erased.ID))
	again, err := city.GetBeneficiary(ctx, erased.ID)
	require.NoError(t, err)
	assert.Equal(t, erased, again)
}

// TestBirthMonthRefused: the city's table has no month of birth, so a
// record with one is refused with the field named, never stored without
// it.
func TestBirthMonthRefused(t *testing.T) {
	k := openCity(t)
	b := socialsvc.Beneficiary{OrgID: "org-grad", LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31"),
		BirthYear: 1990, BirthMonth: 4}
	err := k.CreateBeneficiary(t.Context(), &b)
	require.Error(t, err)
	assert.Equal(t, "birth_month", socialsvc.ErrorFields(err)[0].Field)
	assert.Empty(t, b.ID)
}
