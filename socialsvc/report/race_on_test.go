//go:build race

package report

// Under the race detector the disclosure audit's linear programs run about
// ten times slower, so the random property tests try fewer data sets there;
// .ci/run runs them at full size without the detector as well.
const (
	raceEnabled       = true
	defaultAttackSets = 3
)
