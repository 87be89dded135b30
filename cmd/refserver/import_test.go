package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// TestImportCommand imports a Croatian Excel CSV (Windows-1250, ';',
// decimal commas) into an SQLite database without the server, then a
// wrong file that changes nothing and leaves an error report.
func TestImportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "data.db")
	s, err := store.Open(ctx, db)
	require.NoError(t, err)
	wctx := store.WithActor(ctx, store.Actor{ID: "test", Role: store.RoleSystem})
	day := socialsvc.MustDate
	require.NoError(t, s.CreateFund(wctx, &socialsvc.Fund{ID: "esf", Code: "ESF+", Name: socialsvc.I18n{"en": "ESF+"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}))
	require.NoError(t, s.CreateOrganisation(wctx, &socialsvc.Organisation{ID: "most", Name: "Most", LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: "12345678903"}))
	require.NoError(t, s.CreateProject(wctx, &socialsvc.Project{ID: "split", Acronym: "SPLIT", Title: socialsvc.I18n{"en": "Split"}, Programme: "Test",
		Start: day("2023-01-01"), End: day("2024-12-31"), Status: socialsvc.StatusDraft, Currency: socialsvc.EUR,
		Periods: []socialsvc.Period{{Number: 1, Start: day("2023-01-01"), End: day("2024-12-31")}}}))
	require.NoError(t, s.CreatePartner(wctx, &socialsvc.Partner{ID: "split-lp", ProjectID: "split", OrgID: "most", Role: socialsvc.RoleLead, Number: 1,
		Funding: []socialsvc.CoFinancing{{FundID: "esf", RatePercent: decimal.NewFromInt(85)}}}))
	require.NoError(t, s.Close())

	good := filepath.Join(dir, "troskovi.csv")
	require.NoError(t, os.WriteFile(good, []byte("partner_id;category;period;date;description;amount\r\nsplit-lp;staff;1;15.05.2023.;Pla\xe6a \x8eeljka;1.234,56\r\n"), 0o600))
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	require.NoError(t, m.Run(ctx, []string{"-db", db, "import", "--project", "split", "--kind", "expenditure", good}), errOut.String())
	assert.Equal(t, "imported 1 expenditure rows into project split (csv, windows-1250)\n", out.String())

	bad := filepath.Join(dir, "krivo.csv")
	report := filepath.Join(dir, "pogreske.csv")
	require.NoError(t, os.WriteFile(bad, []byte("partner_id;category;period;date;amount\nsplit-lp;staff;1;15.05.2023.;5,00\nsplit-lp;staff;1;15.05.2023.;\n"), 0o600))
	out.Reset()
	errOut.Reset()
	err = m.Run(ctx, []string{"import", "-db", db, "--project", "split", "--kind", "expenditure", "--lang", "hr", "--errors-csv", report, bad})
	require.EqualError(t, err, "1 redak ima pogreške; ništa nije uvezeno")
	assert.Equal(t, bad+": line 3: amount: amount je obavezan podatak\n", errOut.String())
	csv, err := os.ReadFile(report)
	require.NoError(t, err)
	assert.Equal(t, "\uFEFFrow,column,rule,message\n3,amount,required,amount je obavezan podatak\n", string(csv))

	s, err = store.Open(ctx, db)
	require.NoError(t, err)
	defer s.Close()
	pg, err := s.ListExpenditure(ctx, store.ExpenditureFilter{ProjectID: "split"})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1, "the wrong file wrote nothing")
	assert.Equal(t, "Plaća Željka", pg.Items[0].Description)
	assert.Equal(t, "1234.56", pg.Items[0].Amount.AmountString())

	err = m.Run(ctx, []string{"import", "-db", db, "--kind", "expenditure", bad})
	assert.ErrorContains(t, err, "usage: refserver [-db URL] import --project ID --kind attendance|beneficiaries|expenditure|participations [--org ID] [--lang hr|en|sl|sr-Latn|sq]")
	err = m.Run(ctx, []string{"import", "-db", db, "--project", "split", "--kind", "donations", bad})
	assert.EqualError(t, err, "--kind: unknown kind of import; one of attendance, beneficiaries, expenditure, participations")
	err = m.Run(ctx, []string{"import", "-db", db, "--project", "split", "--kind", "expenditure", "--lang", "de", bad})
	assert.EqualError(t, err, `--lang: "de" is not a shipped language; one of hr, en, sl, sr-Latn, sq`)
}
