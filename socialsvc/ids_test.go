package socialsvc_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestValidID(t *testing.T) {
	good := []string{"2sokrog", "a", "ngo-aktiv", "org_1", "0-z", strings.Repeat("z", 64), socialsvc.NewID("prj")}
	for _, id := range good {
		assert.True(t, socialsvc.ValidID(id), id)
		assert.NoError(t, socialsvc.CheckID("id", id), id)
	}
	assert.NoError(t, socialsvc.CheckID("id", ""), "empty: the store generates one")
	tests := []struct{ name, id, message string }{
		{"path traversal", "../../etc/passwd", "must be 1 to 64 characters a-z, 0-9, '-' and '_', starting with a letter or digit"},
		{"5000 characters", strings.Repeat("a", 5000), "must be at most 64 characters"},
		{"65 characters", strings.Repeat("a", 65), "must be at most 64 characters"},
		{"NUL", "a\x00b", "must be 1 to 64 characters a-z, 0-9, '-' and '_', starting with a letter or digit"},
		{"CRLF", "a\r\nSet-Cookie: x=1", "must be 1 to 64 characters a-z, 0-9, '-' and '_', starting with a letter or digit"},
		{"upper case is refused, not folded", "OS-0042", "must be in lower case: identifiers are a-z, 0-9, '-' and '_'"},
		{"Cyrillic look-alike", "grad-оsijek", "must be 1 to 64 characters a-z, 0-9, '-' and '_', starting with a letter or digit"},
		{"decomposed accent", "e\u0301", "must be 1 to 64 characters a-z, 0-9, '-' and '_', starting with a letter or digit"},
		{"leading hyphen", "-a", "must be 1 to 64 characters a-z, 0-9, '-' and '_', starting with a letter or digit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.False(t, socialsvc.ValidID(tc.id))
			err := socialsvc.CheckID("id", tc.id)
			fields := socialsvc.ErrorFields(err)
			if assert.Len(t, fields, 1) {
				assert.Equal(t, "id", fields[0].Field)
				assert.Equal(t, "id", fields[0].Rule)
				assert.Equal(t, tc.message, fields[0].Message)
				assert.NotEmpty(t, fields[0].MessageHR)
				assert.NotContains(t, err.Error(), tc.id, "the value is not echoed")
			}
		})
	}
}
