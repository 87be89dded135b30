package tabular

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Cells is the row a Spec's Parse reads: values by column name, read in
// the conventions of the file (decimal comma, Croatian dates, XLSX serial
// dates), and the errors of the row. Messages never hold the values.
type Cells struct {
	// Line is the row's line in the file.
	Line  int
	cells []string
	cols  map[string]int
	table *Table
	env   *Env
}

// Get returns the trimmed value of column col, "" when the file has no
// such column or the row no such cell.
func (c *Cells) Get(col string) string {
	i, ok := c.cols[col]
	if !ok || i >= len(c.cells) {
		return ""
	}
	return strings.TrimSpace(c.cells[i])
}

// Fail records an error of column col on this row.
// The message is the catalogue message id with args (see
// socialsvc.FieldError).
func (c *Cells) Fail(col, rule, id string, args socialsvc.Args) {
	c.env.Fail(c.Line, col, rule, id, args)
}

// Env returns the import's project and options.
func (c *Cells) Env() *Env { return c.env }

// Int reads a whole number; empty is 0.
func (c *Cells) Int(col string) int {
	v := c.Get(col)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.Fail(col, "integer", "err.type", nil)
	}
	return n
}

// Bool reads true/false, da/ne, yes/no or 1/0; empty is false.
func (c *Cells) Bool(col string) bool {
	switch strings.ToLower(c.Get(col)) {
	case "", "0", "false", "ne", "no":
		return false
	case "1", "true", "da", "yes":
		return true
	}
	c.Fail(col, "boolean", "err.boolean", nil)
	return false
}

// Date reads 2024-12-31, 31.12.2024. (the final dot optional) or, in an
// XLSX file, a date cell; empty is the zero date.
func (c *Cells) Date(col string) socialsvc.Date {
	v := c.Get(col)
	if v == "" {
		return socialsvc.Date{}
	}
	if d, err := socialsvc.ParseDate(v); err == nil {
		return d
	}
	if t, err := time.Parse("2.1.2006", strings.TrimSuffix(v, ".")); err == nil {
		return socialsvc.DateOf(t)
	}
	if c.table.Format == "xlsx" {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 2958466 {
			if t, err := excelize.ExcelDateToTime(f, c.table.date1904); err == nil {
				return socialsvc.DateOf(t)
			}
		}
	}
	c.Fail(col, "date", "err.date", nil)
	return socialsvc.Date{}
}

// Money reads an amount in currency cur: with a decimal comma in a
// ';'-separated file ("1.234,56"), otherwise with a decimal point, or a
// decimal comma where that is unambiguous ("7534,50"). More than two
// decimals are an error, never rounded. Empty is the zero amount.
func (c *Cells) Money(col string, cur socialsvc.Currency) socialsvc.Money {
	v := c.Get(col)
	if v == "" || !cur.Valid() {
		return socialsvc.Money{}
	}
	var m socialsvc.Money
	var err error
	if c.table.DecimalComma {
		m, err = socialsvc.ParseMoneyHR(v, cur)
	} else {
		m, err = socialsvc.ParseMoney(v, cur)
		if err != nil && strings.Contains(v, ",") {
			if m2, err2 := socialsvc.ParseMoneyHR(v, cur); err2 == nil {
				m, err = m2, nil
			}
		}
	}
	if err != nil {
		fields := socialsvc.ErrorFields(err)
		for _, f := range fields {
			f.Field = col
			c.env.failField(f.AtRow(c.Line))
		}
		if len(fields) == 0 {
			c.Fail(col, "money", "err.money", nil)
		}
	}
	return m
}

// Decimal reads a positive decimal number, with a decimal comma in a
// ';'-separated file; empty is zero.
func (c *Cells) Decimal(col string) decimal.Decimal {
	v := c.Get(col)
	if v == "" {
		return decimal.Decimal{}
	}
	if c.table.DecimalComma {
		v = strings.ReplaceAll(strings.ReplaceAll(v, ".", ""), ",", ".")
	}
	d, err := decimal.NewFromString(v)
	if err != nil || !d.IsPositive() {
		c.Fail(col, "positive", "err.positive", nil)
	}
	return d
}
