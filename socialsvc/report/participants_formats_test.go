package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/internal/pdftest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
)

// TestSeedParticipantsEveryFormat reads the CESI demo project's ESF+
// indicators back out of every format, exact for its staff and protected
// for the public: the hand-checked figures of TestSeedParticipants are
// really in the files, the public release withholds the third-country
// nationals (1 woman) and the women in education on leaving (1), and only
// the exact release is marked confidential. The long-term unemployed are
// 0, 13 and 4 in the three periods (17 in all): the 4 are "<5", and a
// period figure withheld beside them would be narrowed (13 = 17 - 4 lies
// in [8, 17]), so the public release withholds the indicator in every
// release ("x"), as it does the employed (0, 8, 4: 12).
func TestSeedParticipantsEveryFormat(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	for _, tc := range []struct {
		d                      Disclosure
		eeco03, eeco13, eecr02 string // women = total: the project serves women only
		confidential           bool
	}{
		{d: Exact, eeco03: "17", eeco13: "1", eecr02: "1", confidential: true},
		{d: Protected, eeco03: "x", eeco13: "<5", eecr02: "<5"},
	} {
		r, err := ParticipantsOf(ctx, s, demo.ProjectBADGE, Options{Disclosure: tc.d, Now: reportNow, Lang: socialsvc.EN})
		require.NoError(t, err)

		var c bytes.Buffer
		require.NoError(t, WriteCSV(&c, r, CSVOptionsFor(socialsvc.EN)))
		csv := c.String()
		for _, line := range []string{
			"Code,Indicator,Women,Men,Non-binary,Total",
			"EECO01,total number of participants,64,0,0,64",
			`EECO02,"unemployed, including long-term unemployed",32,0,0,32`,
			"EECO03,long-term unemployed," + tc.eeco03 + ",0,0," + tc.eeco03,
			"EECO13,third-country nationals," + tc.eeco13 + ",0,0," + tc.eeco13,
			"EECR02,participants in education or training upon leaving," + tc.eecr02 + ",0,0," + tc.eecr02,
			`EECR04,"participants in employment, including self-employment, upon leaving",19,0,0,19`,
			"EECR05,participants in employment six months after leaving,22,0,0,22",
		} {
			assert.Contains(t, csv, line+"\n", tc.d)
		}
		assert.Equal(t, tc.confidential, strings.Contains(csv, "CONFIDENTIAL: contains unprotected counts"), tc.d)

		// Slovenian CSV: the indicators' names in Slovenian, ';' and CRLF.
		c.Reset()
		require.NoError(t, WriteCSV(&c, r, CSVOptionsFor(socialsvc.SL)))
		assert.Contains(t, c.String(), "Oznaka;Kazalnik;Ženske;Moški;Nebinarne osebe;Skupaj\r\nEECO01;skupno število udeležencev;64;0;0;64\r\n", tc.d)
		assert.Contains(t, c.String(), "EECO13;državljani tretjih držav;"+tc.eeco13+";0;0;"+tc.eeco13+"\r\n", tc.d)

		var x bytes.Buffer
		require.NoError(t, WriteXLSX(&x, r, socialsvc.EN))
		f, err := excelize.OpenReader(&x)
		require.NoError(t, err)
		found := map[string][]string{}
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			require.NoError(t, err)
			for _, row := range rows {
				if len(row) > 0 && strings.HasPrefix(row[0], "EE") {
					found[row[0]] = row
				}
			}
		}
		require.NoError(t, f.Close())
		assert.Equal(t, []string{"EECO01", "total number of participants", "64", "0", "0", "64"}, found["EECO01"], tc.d)
		assert.Equal(t, []string{"EECO13", "third-country nationals", tc.eeco13, "0", "0", tc.eeco13}, found["EECO13"], tc.d)
		assert.Len(t, found, len(socialsvc.ESFCodes), tc.d)

		var h bytes.Buffer
		require.NoError(t, WriteHTML(&h, r, socialsvc.EN))
		for _, code := range socialsvc.ESFCodes {
			assert.Contains(t, h.String(), string(code), tc.d)
		}

		var p bytes.Buffer
		require.NoError(t, WritePDF(&p, r, socialsvc.EN))
		text := strings.Join(strings.Fields(pdftest.Text(t, p.Bytes())), " ")
		assert.Contains(t, text, "EECO01 total number of participants 64 0 0 64", tc.d)
		assert.Contains(t, text, "EECR05 participants in employment six months after leaving 22 0 0 22", tc.d)
		assert.Contains(t, text, "EECO13 third-country nationals "+tc.eeco13+" 0 0 "+tc.eeco13, tc.d)
	}
}
