package report

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
)

// TestSeedParticipants checks the demo's ESF+ figures: a few exact ones
// (the generated data is deterministic), and for both projects and both
// releases that they are internally consistent: every gender column within
// its total, EECO03 ≤ EECO02 ≤ EECO01, the exclusive groups within
// EECO01, and no result above the participants.
func TestSeedParticipants(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	exact := func(p socialsvc.ProjectID) map[socialsvc.ESFCode][4]int64 {
		r, err := ParticipantsOf(ctx, s, p, Options{Disclosure: Exact})
		require.NoError(t, err)
		return figures(r)
	}
	cesi := exact(demo.ProjectBADGE)
	// The BADGE programme serves women only, most unemployed or inactive
	// at entry, some self-employed when they leave and six months later.
	assert.Equal(t, [4]int64{64, 0, 0, 64}, cesi[socialsvc.EECO01])
	assert.Equal(t, [4]int64{32, 0, 0, 32}, cesi[socialsvc.EECO02])
	assert.Equal(t, [4]int64{17, 0, 0, 17}, cesi[socialsvc.EECO03])
	assert.Equal(t, [4]int64{19, 0, 0, 19}, cesi[socialsvc.EECO04])
	assert.Equal(t, [4]int64{19, 0, 0, 19}, cesi[socialsvc.EECR04])
	assert.Equal(t, [4]int64{22, 0, 0, 22}, cesi[socialsvc.EECR05])
	sokrog := exact(demo.Project2SoKroG)
	// The pilot: long-term unemployed people and minimum-income
	// recipients, nobody employed at entry.
	assert.Equal(t, [4]int64{25, 21, 2, 48}, sokrog[socialsvc.EECO01])
	assert.Equal(t, [4]int64{17, 13, 1, 31}, sokrog[socialsvc.EECO03])
	assert.Equal(t, [4]int64{0, 0, 0, 0}, sokrog[socialsvc.EECO05])
	assert.Equal(t, [4]int64{4, 5, 0, 9}, sokrog[socialsvc.EECR04])

	for _, p := range []socialsvc.ProjectID{demo.ProjectBADGE, demo.Project2SoKroG} {
		for _, d := range []Disclosure{Exact, Protected} {
			r, err := ParticipantsOf(ctx, s, p, Options{Disclosure: d})
			require.NoError(t, err)
			f := figures(r)
			for col := range 4 {
				le := func(a, b socialsvc.ESFCode) {
					if f[a][col] >= 0 && f[b][col] >= 0 {
						assert.LessOrEqual(t, f[a][col], f[b][col], "%s %v column %d: %s ≤ %s", p, d, col, a, b)
					}
				}
				le(socialsvc.EECO03, socialsvc.EECO02)
				for _, c := range socialsvc.ESFCodes[1:] {
					le(c, socialsvc.EECO01)
				}
			}
			for code, v := range f {
				if v[3] < 0 {
					continue
				}
				var sum int64
				for _, g := range v[:3] {
					sum += max(g, 0)
				}
				assert.LessOrEqual(t, sum, v[3], "%s %v %s: genders within the total", p, d, code)
			}
			if d == Exact {
				sum := func(cs ...socialsvc.ESFCode) (n int64) {
					for _, c := range cs {
						n += f[c][3]
					}
					return n
				}
				assert.LessOrEqual(t, sum(socialsvc.EECO02, socialsvc.EECO04, socialsvc.EECO05), f[socialsvc.EECO01][3])
				assert.LessOrEqual(t, sum(socialsvc.EECO06, socialsvc.EECO07, socialsvc.EECO08), f[socialsvc.EECO01][3])
				assert.LessOrEqual(t, sum(socialsvc.EECO09, socialsvc.EECO10, socialsvc.EECO11), f[socialsvc.EECO01][3])
			}
		}
	}
}
