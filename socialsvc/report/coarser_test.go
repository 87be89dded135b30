package report

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// TestCoarserReleaseWhenTheAuditCannotFinish: a small project whose audit
// would need a linear program beyond auditLimit gets the coarser release,
// every gender column withheld, rather than nothing: its totals and row
// totals stay published, and the attacker narrows none of its withheld
// figures. The third random project (32 people, in three periods, nobody
// in the second) is one.
func TestCoarserReleaseWhenTheAuditCannotFinish(t *testing.T) {
	ctx := context.Background()
	t.Cleanup(func() { protections = &protectionCache{m: map[[32]byte]*protector{}} })
	rng := rand.New(rand.NewPCG(2024, 1))
	for it := 0; it < 3; it++ {
		protections = &protectionCache{m: map[[32]byte]*protector{}}
		s := memory.New()
		want := randomProject(t, ctx, s, rng, it)
		r, err := Beneficiaries(ctx, s, want.project, Options{})
		require.NoError(t, err)
		require.Len(t, protections.m, 1)
		var pr *protector
		for _, p := range protections.m {
			pr = p
		}
		if it < 2 {
			continue
		}
		require.True(t, pr.coarser, "the audit of the full release does not finish")
		require.False(t, pr.fellBack)
		assert.Equal(t, Count{Value: 32}, r.Individuals)
		assert.Equal(t, want.individuals, r.Individuals.Value)
		rowTotals := 0
		for _, b := range r.Breakdowns {
			for _, c := range b.ColumnTotals {
				assert.True(t, c.Suppressed, "%s: a gender total published", b.ID)
			}
			for i := range b.Rows {
				// A cell is published only where its row's published
				// total of 0 gives it away (the second period has nobody).
				zero := b.RowTotals[i] == Count{Value: 0}
				for _, c := range b.Cells[i] {
					assert.True(t, c.Suppressed || zero && c == Count{Value: 0}, "%s: a cell of row %d published", b.ID, i)
				}
				if !b.RowTotals[i].Suppressed {
					rowTotals++
				}
			}
		}
		for _, b := range r.Breakdowns {
			if b.ID == "individuals_by_period" {
				// Periods 1-3, then outside them.
				assert.Equal(t, []Count{{Value: 18}, {Value: 0}, {Value: 19}, {Value: 0}}, b.RowTotals)
			}
		}
		assert.Positive(t, rowTotals, "row totals published")

		p, err := s.GetProject(ctx, want.project)
		require.NoError(t, err)
		a := newAttacker(&p, collectReleases(t, ctx, s, &p, want.org))
		require.Empty(t, a.problems)
		var at attackTally
		at.add(t, a, it)
		t.Logf("attacker: %v; %d row totals published", &at, rowTotals)
		require.Zero(t, at.narrowed)
		require.Positive(t, at.asked)
	}
}
