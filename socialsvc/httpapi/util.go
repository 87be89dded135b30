package httpapi

import (
	"strconv"
	"strings"
)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func splitComma(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func cut(s, sep string) (string, string, bool) { return strings.Cut(s, sep) }

func cutPrefix(s, p string) (string, bool) { return strings.CutPrefix(s, p) }

func trim(s string) string { return strings.TrimSpace(s) }

func parseQ(s string) float64 {
	q, err := strconv.ParseFloat(trim(s), 64)
	if err != nil || q < 0 || q > 1 {
		return 0
	}
	return q
}
