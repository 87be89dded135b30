package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun checks the whole report the quick start prints. The figures are
// worked out by hand: office and administration is 15% of staff (6.000,00
// and 3.750,00); ERDF is each partner's total × 85% rounded down
// (42.075,4675 → 42.075,46; 34.931,3195 → 34.931,31), so the project's ERDF
// 77.006,77 is one cent below the project total × 85% (77.006,787); the
// kuna expenditure, at the agreement's rate, is 15.068,00 / 7,53450 = 1.999,867 → 1.999,87 €; and
// 3.249,87 € × 7,53450 = 24.486,1456 → 24.486,15 kn.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	want := `SUSJEDI — Susjedski centri (1.10.2022. – 31.12.2023.)

Financiranje
partner                  ukupno           EFRR       vlastito
Grad Primjer        49.500,55 €    42.075,46 €     7.425,09 €
Udruga Susjedi      41.095,67 €    34.931,31 €     6.164,36 €
projekt             90.596,22 €    77.006,77 €    13.589,45 €
(EFRR je zbroj udjela partnera; ukupno × 85 % bilo bi 77.006,78 €)

Troškovi
15.11.2022.  Udruga Susjedi     15.068,00 kn     1.999,87 €  tečaj 7,5345 (ugovor o dodjeli, čl. 6)
10.2.2023.   Grad Primjer         1.250,00 €     1.250,00 €  tečaj 1 (EUR)
ukupno                                           3.249,87 €
dvojni prikaz: 3.249,87 € / 24.486,15 kn
`
	assert.Equal(t, want, out.String())
}
