package store

import (
	"context"
	"strconv"

	"github.com/shopspring/decimal"
)

var oneRate = decimal.NewFromInt(1)

func itoa(i int) string { return strconv.Itoa(i) }

type recomputingKey struct{}

func isRecomputing(ctx context.Context) bool {
	v, _ := ctx.Value(recomputingKey{}).(bool)
	return v
}
