package report

import "encoding/json"

// MinCount is the threshold rule: a figure is published only when at
// least MinCount distinct people stand behind it, whatever it counts
// (people, visits, sessions). A cell of 12 visits made by 3 people is a
// cell of 3.
const MinCount = 5

// Count is a published count: its value, or nothing when withheld. The
// withheld figure is not kept anywhere in a published report; Reason says
// why it is withheld (ReasonPrimary: 1 to 4 people, shown "<5";
// ReasonComplementary: withheld to protect other cells, shown "x").
type Count struct {
	Value      int64
	Suppressed bool
	Reason     string
}

// Display is how the count is shown: its value, "<5" or "x".
func (c Count) display() string {
	if c.Reason == ReasonComplementary {
		return WithheldText
	}
	return SuppressedText
}

// MarshalJSON writes {"value":12}, or for a withheld count
// {"suppressed":true,"reason":"primary","display":"<5"} or
// {"suppressed":true,"reason":"complementary","display":"x"}.
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		reason := c.Reason
		if reason == "" {
			reason = ReasonPrimary
		}
		return json.Marshal(struct {
			Suppressed bool   `json:"suppressed"`
			Reason     string `json:"reason"`
			Display    string `json:"display"`
		}{true, reason, c.display()})
	}
	return json.Marshal(struct {
		Value int64 `json:"value"`
	}{c.Value})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Count) UnmarshalJSON(b []byte) error {
	var v struct {
		Value      int64  `json:"value"`
		Suppressed bool   `json:"suppressed"`
		Reason     string `json:"reason"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Count{Value: v.Value, Suppressed: v.Suppressed, Reason: v.Reason}
	if c.Suppressed {
		c.Value = 0
	}
	return nil
}
