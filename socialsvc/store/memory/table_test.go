package memory

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableBlocks: rows stay reachable by key, and all yields each row
// once, while a table grows over several blocks and shrinks back by
// removals anywhere, including undo.
func TestTableBlocks(t *testing.T) {
	var tb table[int]
	want := map[string]int{}
	rng := rand.New(rand.NewPCG(3, 3))
	st := &state{}
	verify := func(step string) {
		t.Helper()
		require.Len(t, tb.keys, len(want), step)
		require.Equal(t, len(want), tb.n, step)
		for k, v := range want {
			got, ok := tb.get(k)
			require.True(t, ok, "%s: %s", step, k)
			require.Equal(t, v, got, "%s: %s", step, k)
		}
		seen := map[int]int{}
		for v := range tb.all {
			seen[*v]++
		}
		wantSeen := map[int]int{}
		for _, v := range want {
			wantSeen[v]++
		}
		require.Equal(t, wantSeen, seen, step)
	}
	for i := range 3*rowBlock + 17 {
		k := fmt.Sprintf("k%05d", i)
		tb.set(k, i)
		want[k] = i
	}
	verify("grown")
	for i := range 3*rowBlock + 17 {
		if rng.IntN(3) == 0 {
			k := fmt.Sprintf("k%05d", i)
			tb.unset(k)
			delete(want, k)
		}
	}
	verify("thinned")
	mark := len(st.undo)
	before := maps.Clone(want)
	for k := range before {
		if rng.IntN(2) == 0 {
			tb.del(st, k)
		} else {
			tb.put(st, k, -1)
		}
	}
	tb.put(st, "new", 7)
	st.rollback(mark)
	verify("rolled back")
	for k := range before {
		tb.unset(k)
		delete(want, k)
	}
	verify("emptied")
	assert.Empty(t, tb.blocks)
}
