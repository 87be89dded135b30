//go:build !race

package report

const (
	raceEnabled       = false
	defaultAttackSets = 12
)
