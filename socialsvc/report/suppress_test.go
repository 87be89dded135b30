package report

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountJSON(t *testing.T) {
	tests := []struct {
		c    Count
		want string
	}{
		{Count{Value: 12}, `{"value":12}`},
		{Count{Value: 0}, `{"value":0}`},
		{Count{Suppressed: true, Reason: ReasonPrimary}, `{"suppressed":true,"reason":"primary","display":"<5"}`},
		{Count{Suppressed: true, Reason: ReasonComplementary}, `{"suppressed":true,"reason":"complementary","display":"x"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.c)
		require.NoError(t, err)
		assert.JSONEq(t, tt.want, string(b))
		var back Count
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, tt.c, back)
	}
}
