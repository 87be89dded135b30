package report

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// TestAuditRoundLimitFallsBack: when the audit does not finish within its
// bound of rounds, the release withholds every figure ("x") rather than
// publish one the audit has not cleared.
func TestAuditRoundLimitFallsBack(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	require.NoError(t, demo.Load(ctx, s, demo.Seed()))
	limit := auditRoundLimit
	reset := func() { protections = &protectionCache{m: map[[32]byte]*protector{}} }
	t.Cleanup(func() { auditRoundLimit = limit; reset() })
	auditRoundLimit = 0 // Social Atelier needs an audit round
	reset()

	r, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{})
	require.NoError(t, err)
	var pr *protector
	for _, p := range protections.m {
		pr = p
	}
	require.NotNil(t, pr)
	require.True(t, pr.fellBack)
	require.Equal(t, 0, pr.rounds)
	all := []Count{r.Individuals}
	for _, b := range r.Breakdowns {
		all = append(all, b.Total)
		all = append(all, b.RowTotals...)
		all = append(all, b.ColumnTotals...)
		for _, row := range b.Cells {
			all = append(all, row...)
		}
	}
	for i, c := range all {
		require.True(t, c.Suppressed, "figure %d published by the fallback: %+v", i, c)
	}
	// Nothing published: every relation has a zero right-hand side, so
	// the point with every figure at 0 is feasible.
	for q := range pr.qs {
		require.True(t, pr.unknown(q), "quantity %v published", pr.qs[q].key)
	}
}
