package socialsvc

import (
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/shopspring/decimal"
)

// This file holds the custom validation tags of the struct definitions and
// the English and Croatian messages of every tag. validate.go builds the
// one validator instance from them.

// stringRules are the tags that check a string-kinded value (a named
// string type or a plain string) against a predicate.
var stringRules = map[string]func(string) bool{
	"status":         func(s string) bool { return Status(s).Valid() },
	"currency":       func(s string) bool { return Currency(s).Valid() },
	"nuts":           func(s string) bool { return ValidNUTSCode(s) && KnownNUTSCodeAny(s) },
	"http_url":       ValidWebURL,
	"nuts_version":   func(s string) bool { return NUTSVersion(s).Valid() },
	"legal_status":   func(s string) bool { return LegalStatus(s).Valid() },
	"country":        ValidCountry,
	"role":           func(s string) bool { return Role(s).Valid() },
	"event_type":     func(s string) bool { return EventType(s).Valid() },
	"gender":         func(s string) bool { return Gender(s).Valid() },
	"age_band":       func(s string) bool { return AgeBand(s).Valid() },
	"target_group":   func(s string) bool { return TargetGroup(s).Valid() },
	"legal_basis":    func(s string) bool { return LegalBasis(s).Valid() },
	"indicator_kind": func(s string) bool { return IndicatorKind(s).Valid() },
	"value_source":   func(s string) bool { return ValueSource(s).Valid() },
	"computation":    func(s string) bool { return Computation(s).Valid() },
	"cost_category":  func(s string) bool { return CostCategory(s).Valid() },
	"fund_kind":      func(s string) bool { return FundKind(s).Valid() },
	"flat_rate_kind": func(s string) bool { return FlatRateKind(s).Valid() },
	"lang":           func(s string) bool { return ValidTextLang(Lang(s)) },
}

var hundredPercent = decimal.NewFromInt(100)

// decimalRules are the tags on decimal.Decimal fields.
var decimalRules = map[string]func(decimal.Decimal) bool{
	"dec_nonneg":   func(d decimal.Decimal) bool { return !d.IsNegative() },
	"dec_positive": func(d decimal.Decimal) bool { return d.IsPositive() },
	"percent":      func(d decimal.Decimal) bool { return !d.IsNegative() && !d.GreaterThan(hundredPercent) },
}

// registerRules registers every custom tag on v. The struct-typed values
// (Date, Money, decimal.Decimal, I18n) are read with Interface() from the
// field the tag sits on: validator v10 runs tags on struct-kinded fields
// and then descends into them, so no custom type function is needed, and
// none is registered, because one would hide the nested fields (I18n's own
// max tags) from validation. validate_test.go checks that each tag fires.
func registerRules(v *validator.Validate) {
	must := func(err error) {
		if err != nil {
			// Registration fails only for an empty tag name or a nil
			// function: a programming error caught by every test run.
			panic("socialsvc: registering validation: " + err.Error())
		}
	}
	for tag, ok := range stringRules {
		must(v.RegisterValidation(tag, func(fl validator.FieldLevel) bool {
			f := fl.Field()
			return f.Kind() == reflect.String && ok(f.String())
		}))
	}
	for tag, ok := range decimalRules {
		must(v.RegisterValidation(tag, func(fl validator.FieldLevel) bool {
			d, isDec := fieldAs[decimal.Decimal](fl.Field())
			return isDec && ok(d)
		}))
	}
	must(v.RegisterValidation("i18n_required", func(fl validator.FieldLevel) bool {
		t, ok := fieldAs[I18n](fl.Field())
		return ok && slices.ContainsFunc(t.Langs(), func(l Lang) bool { return strings.TrimSpace(t[l]) != "" })
	}))
	must(v.RegisterValidation("date_required", func(fl validator.FieldLevel) bool {
		d, ok := fieldAs[Date](fl.Field())
		return ok && d.Valid()
	}))
	must(v.RegisterValidation("omitempty_date", func(fl validator.FieldLevel) bool {
		d, ok := fieldAs[Date](fl.Field())
		return ok && (d.IsZero() || d.Valid())
	}))
	must(v.RegisterValidation("gtefield_date", func(fl validator.FieldLevel) bool {
		d, ok := fieldAs[Date](fl.Field())
		if !ok {
			return false
		}
		parent := reflect.Indirect(fl.Parent())
		if parent.Kind() != reflect.Struct {
			return false
		}
		other, ok := fieldAs[Date](parent.FieldByName(fl.Param()))
		if !ok {
			return false // the tag names no Date field: a mistake in code
		}
		if d.IsZero() || other.IsZero() {
			return true // a missing date is date_required's to report
		}
		return !d.Before(other)
	}))
	// A region's code must exist in the region's own edition: the
	// edition is part of the code's meaning (HR044 is a 2016 code only).
	v.RegisterStructValidation(func(sl validator.StructLevel) {
		r, ok := sl.Current().Interface().(Region)
		if !ok || !r.Version.Valid() || !ValidNUTSCode(r.Code) || !KnownNUTSCodeAny(r.Code) {
			return // the field tags report these
		}
		if !KnownNUTSCode(r.Code, r.Version) {
			sl.ReportError(r.Code, "code", "Code", "nuts_edition", string(r.Version))
		}
	}, Region{})
	must(v.RegisterValidation("money", func(fl validator.FieldLevel) bool {
		m, ok := fieldAs[Money](fl.Field())
		return ok && moneyProblem(m) == ""
	}))
}

// fieldAs returns the value of f as a T, if it is one.
func fieldAs[T any](f reflect.Value) (T, bool) {
	var zero T
	if !f.IsValid() || !f.CanInterface() {
		return zero, false
	}
	t, ok := f.Interface().(T)
	return t, ok
}

// moneyProblem says what is wrong with an amount that input may carry:
// "currency", "negative", "range", or "" when it is fine.
func moneyProblem(m Money) string {
	switch {
	case !m.Currency().Valid():
		return "currency"
	case m.IsNegative():
		return "negative"
	case m.Cents() > MaxAmount:
		return "range"
	}
	return ""
}

// ValidCountry reports whether code is an officially assigned ISO 3166-1
// alpha-2 code in upper case, or XK, the code Kosovo uses in EU documents
// and in the seed projects (ALVED partners in Kosovo).
func ValidCountry(code string) bool {
	_, ok := countries[code]
	return ok
}

// countries holds the 249 officially assigned ISO 3166-1 alpha-2 codes
// plus the user-assigned XK for Kosovo. Exceptionally reserved codes (EU,
// UK, EL...) are left out: an organisation's country is a country.
var countries = func() map[string]struct{} {
	const codes = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
		"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
		"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
		"DE DJ DK DM DO DZ " +
		"EC EE EG EH ER ES ET " +
		"FI FJ FK FM FO FR " +
		"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
		"HK HM HN HR HT HU " +
		"ID IE IL IM IN IO IQ IR IS IT " +
		"JE JM JO JP " +
		"KE KG KH KI KM KN KP KR KW KY KZ " +
		"LA LB LC LI LK LR LS LT LU LV LY " +
		"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
		"NA NC NE NF NG NI NL NO NP NR NU NZ " +
		"OM " +
		"PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
		"QA " +
		"RE RO RS RU RW " +
		"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
		"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
		"UA UG UM US UY UZ " +
		"VA VC VE VG VI VN VU " +
		"WF WS " +
		"XK " +
		"YE YT " +
		"ZA ZM ZW"
	m := make(map[string]struct{}, 250)
	for _, c := range strings.Fields(codes) {
		m[c] = struct{}{}
	}
	return m
}()

// ruleMessage is the catalogue message of a failed rule. Texts name the
// rule's limits and the other fields involved, never the value that was
// rejected: it may be personal data.
type ruleMessage struct {
	id   string
	args Args
}

// fixedMessages are the messages of tags whose text does not depend on a
// parameter or on the kind of the field.
var fixedMessages = map[string]ruleMessage{
	"required":       {"err.rule.required", nil},
	"http_url":       {"err.rule.http_url", nil},
	"email":          {"err.rule.email", nil},
	"i18n_required":  {"err.rule.i18n_required", nil},
	"lang":           msgTextLang,
	"omitempty_date": {"err.rule.omitempty_date", nil},
	"status":         {"err.rule.status", nil},
	"currency":       {"err.rule.currency", nil},
	"nuts":           {"err.rule.nuts", nil},
	"nuts_version":   {"err.rule.nuts_version", nil},
	"legal_status":   {"err.rule.legal_status", nil},
	"country":        {"err.rule.country", nil},
	"role":           {"err.rule.role", nil},
	"event_type":     {"err.rule.event_type", nil},
	"gender":         {"err.rule.gender", nil},
	"age_band":       {"err.rule.age_band", nil},
	"target_group":   {"err.rule.target_group", nil},
	"legal_basis":    {"err.rule.legal_basis", nil},
	"indicator_kind": {"err.rule.indicator_kind", nil},
	"value_source":   {"err.rule.value_source", nil},
	"computation":    {"err.rule.computation", nil},
	"cost_category":  {"err.rule.cost_category", nil},
	"fund_kind":      {"err.rule.fund_kind", nil},
	"flat_rate_kind": {"err.rule.flat_rate_kind", nil},
	"dec_nonneg":     {"err.rule.dec_nonneg", nil},
	"dec_positive":   {"err.rule.dec_positive", nil},
	"percent":        {"err.rule.percent", nil},
}

// tagMessage returns the messages for a failed tag.
func tagMessage(fe validator.FieldError) ruleMessage {
	if m, ok := fixedMessages[fe.Tag()]; ok {
		return m
	}
	p := fe.Param()
	switch fe.Tag() {
	case "max", "min":
		return limitMessage(fe.Tag() == "max", fe.Kind(), p)
	case "required_if":
		field, val, _ := strings.Cut(p, " ")
		field = snakeCase(field)
		return ruleMessage{"err.rule.required_if", Args{"Field": field, "Value": val}}
	case "nuts_edition":
		return ruleMessage{"err.rule.nuts_edition", Args{"Edition": p}}
	case "date_required":
		if d, ok := fe.Value().(Date); ok && !d.IsZero() {
			return fixedMessages["omitempty_date"]
		}
		return fixedMessages["required"]
	case "gtefield_date":
		other := snakeCase(p)
		return ruleMessage{"err.rule.gtefield_date", Args{"Other": other}}
	case "money":
		m, _ := fe.Value().(Money)
		switch moneyProblem(m) {
		case "negative":
			return ruleMessage{"err.rule.money_negative", nil}
		case "range":
			return ruleMessage{"err.rule.money_range", nil}
		}
		return ruleMessage{"err.rule.money_currency", nil}
	}
	return ruleMessage{"err.rule.invalid", nil}
}

// limitMessage words min and max for the kind of field they limit: the
// length of a text, the number of items of a list, or a number.
func limitMessage(isMax bool, kind reflect.Kind, p string) ruleMessage {
	switch kind {
	case reflect.String:
		if isMax {
			return ruleMessage{"err.rule.max_chars", Args{"Max": p}}
		}
		return ruleMessage{"err.rule.min_chars", Args{"Min": p}}
	case reflect.Slice, reflect.Array, reflect.Map:
		if isMax {
			return ruleMessage{"err.rule.max_items", Args{"Max": p}}
		}
		return ruleMessage{"err.rule.min_items", Args{"Min": p}}
	}
	if isMax {
		return ruleMessage{"err.rule.max", Args{"Max": p}}
	}
	return ruleMessage{"err.rule.min", Args{"Min": p}}
}

// snakeCase turns a Go identifier into its JSON form: BudgetLine becomes
// budget_line, NUTSRegion nuts_region.
func snakeCase(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			prevLower := i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= '0' && s[i-1] <= '9')
			nextLower := i > 0 && i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z' && s[i-1] >= 'A' && s[i-1] <= 'Z'
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ValidWebURL reports whether s is a web address a browser may follow
// from a report or a page: an absolute http or https URL with a host and
// no user information, no control characters and no spaces. javascript:,
// data:, file: and the like are refused, so that a stored website can
// never run script or reach the reader's machine when it is shown as a
// link.
func ValidWebURL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.User != nil || u.Hostname() == "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}
