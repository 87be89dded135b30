// Command cldrgen writes the locale data files of socialsvc/i18n from the
// Unicode CLDR, so that number, currency and date formats are CLDR's and
// not patterns written by hand.
//
// It reads the shipped languages from languages.json in the output
// directory ({"tag": "en", "cldr": "en-GB"}: the BCP 47 tag of the
// language and, when it differs, the CLDR locale its formats come from)
// and writes locale/<tag>.json for each. The CLDR JSON comes from the npm
// packages cldr-numbers-modern, cldr-dates-modern and
// cldr-localenames-modern at the version given by -version, fetched with
// `npm pack` into a temporary directory, or from -cldr, a directory that
// holds the three packages unpacked as <package>-<version>/ or <package>/.
//
//	go generate ./socialsvc/i18n
//	go run ./internal/cldrgen -dir socialsvc/i18n -cldr /tmp/cldr
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Version is the CLDR release the committed locale files were made from.
const defaultVersion = "45.0.0"

var packages = []string{"cldr-numbers-modern", "cldr-dates-modern", "cldr-localenames-modern"}

// Locale is the content of one locale/<tag>.json file; socialsvc/i18n
// reads the same fields.
type Locale struct {
	Tag                  string            `json:"tag"`
	CLDR                 string            `json:"cldr"`
	CLDRVersion          string            `json:"cldrVersion"`
	Name                 string            `json:"name"`
	Decimal              string            `json:"decimal"`
	Group                string            `json:"group"`
	Minus                string            `json:"minus"`
	MinimumGrouping      int               `json:"minimumGroupingDigits"`
	DecimalPattern       string            `json:"decimalPattern"`
	CurrencyPattern      string            `json:"currencyPattern"`
	CurrencyPatternAlpha string            `json:"currencyPatternAlphaNextToNumber,omitempty"`
	CurrencySpacing      string            `json:"currencySpacing"`
	DateYMd              string            `json:"dateYMd"`
	CurrencySymbols      map[string]string `json:"currencySymbols"`
}

type language struct {
	Tag  string `json:"tag"`
	CLDR string `json:"cldr,omitempty"`
}

func main() {
	dir := flag.String("dir", ".", "the socialsvc/i18n directory (holds languages.json, gets locale/)")
	cldr := flag.String("cldr", "", "directory with the CLDR npm packages unpacked (default: npm pack them)")
	version := flag.String("version", defaultVersion, "CLDR npm package version")
	flag.Parse()
	if err := run(*dir, *cldr, *version); err != nil {
		fmt.Fprintln(os.Stderr, "cldrgen:", err)
		os.Exit(1)
	}
}

func run(dir, cldr, version string) error {
	b, err := os.ReadFile(filepath.Join(dir, "languages.json"))
	if err != nil {
		return err
	}
	var langs []language
	if err := json.Unmarshal(b, &langs); err != nil {
		return fmt.Errorf("languages.json: %w", err)
	}
	if cldr == "" {
		tmp, err := os.MkdirTemp("", "cldrgen")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if err := npmPack(tmp, version); err != nil {
			return err
		}
		cldr = tmp
	}
	if err := os.MkdirAll(filepath.Join(dir, "locale"), 0o755); err != nil {
		return err
	}
	for _, l := range langs {
		loc, err := build(cldr, version, l)
		if err != nil {
			return fmt.Errorf("%s: %w", l.Tag, err)
		}
		out, err := json.MarshalIndent(loc, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "locale", l.Tag+".json"), append(out, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// npmPack fetches the CLDR packages through the npm client and unpacks them
// into dir/<package>-<version>.
func npmPack(dir, version string) error {
	args := []string{"pack", "--silent"}
	for _, p := range packages {
		args = append(args, p+"@"+version)
	}
	cmd := exec.Command("npm", args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	if out, err := cmd.Output(); err != nil {
		return fmt.Errorf("npm pack: %w (%s)", err, out)
	}
	for _, p := range packages {
		name := p + "-" + version
		if err := untar(filepath.Join(dir, name+".tgz"), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// untar unpacks the JSON files of an npm tarball (whose entries are under
// package/) into dst.
func untar(tgz, dst string) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.Clean(h.Name)
		rel, ok := strings.CutPrefix(name, "package"+string(filepath.Separator))
		if !ok || h.Typeflag != tar.TypeReg || !strings.HasSuffix(rel, ".json") || strings.Contains(rel, "..") {
			continue
		}
		p := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
}

// pkgDir finds an unpacked package under root.
func pkgDir(root, pkg, version string) (string, error) {
	for _, d := range []string{pkg + "-" + version, pkg, filepath.Join("node_modules", pkg)} {
		p := filepath.Join(root, d)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found under %s", pkg, root)
}

// readMain reads main/<locale>/<file> of a package and returns the object
// under main.<locale>.
func readMain(root, pkg, version, locale, file string) (map[string]any, error) {
	d, err := pkgDir(root, pkg, version)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(d, "main", locale, file))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Main map[string]map[string]any `json:"main"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	m, ok := doc.Main[locale]
	if !ok {
		return nil, fmt.Errorf("%s: no main.%s", file, locale)
	}
	return m, nil
}

// get walks a path of object keys.
func get(m map[string]any, path ...string) (any, error) {
	var v any = m
	for i, k := range path {
		o, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s is not an object", strings.Join(path[:i], "."))
		}
		if v, ok = o[k]; !ok {
			return nil, fmt.Errorf("no %s", strings.Join(path[:i+1], "."))
		}
	}
	return v, nil
}

func getString(m map[string]any, path ...string) (string, error) {
	v, err := get(m, path...)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s is not a string", strings.Join(path, "."))
	}
	return s, nil
}

func build(root, version string, l language) (*Locale, error) {
	locale := l.CLDR
	if locale == "" {
		locale = l.Tag
	}
	loc := &Locale{Tag: l.Tag, CLDR: locale, CLDRVersion: version, CurrencySymbols: map[string]string{}}

	num, err := readMain(root, "cldr-numbers-modern", version, locale, "numbers.json")
	if err != nil {
		return nil, err
	}
	ns, err := getString(num, "numbers", "defaultNumberingSystem")
	if err != nil {
		return nil, err
	}
	if ns != "latn" {
		return nil, fmt.Errorf("default numbering system %q: only latn digits are supported", ns)
	}
	sym := "symbols-numberSystem-" + ns
	for _, f := range []struct {
		dst *string
		key string
	}{{&loc.Decimal, "decimal"}, {&loc.Group, "group"}, {&loc.Minus, "minusSign"}} {
		if *f.dst, err = getString(num, "numbers", sym, f.key); err != nil {
			return nil, err
		}
	}
	mg, err := getString(num, "numbers", "minimumGroupingDigits")
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Sscan(mg, &loc.MinimumGrouping); err != nil || loc.MinimumGrouping < 1 {
		return nil, fmt.Errorf("minimumGroupingDigits %q", mg)
	}
	if loc.DecimalPattern, err = getString(num, "numbers", "decimalFormats-numberSystem-"+ns, "standard"); err != nil {
		return nil, err
	}
	cf := "currencyFormats-numberSystem-" + ns
	if loc.CurrencyPattern, err = getString(num, "numbers", cf, "standard"); err != nil {
		return nil, err
	}
	if s, err := getString(num, "numbers", cf, "standard-alphaNextToNumber"); err == nil {
		loc.CurrencyPatternAlpha = s
	}
	for _, side := range []string{"beforeCurrency", "afterCurrency"} {
		m, err := getString(num, "numbers", cf, "currencySpacing", side, "currencyMatch")
		if err != nil {
			return nil, err
		}
		s, err := getString(num, "numbers", cf, "currencySpacing", side, "surroundingMatch")
		if err != nil {
			return nil, err
		}
		// The runtime implements exactly this rule: a space goes between a
		// digit and a currency symbol whose adjacent letter is neither a
		// symbol nor a separator. Refuse other rules instead of
		// approximating them.
		if m != "[[:^S:]&[:^Z:]]" || s != "[:digit:]" {
			return nil, fmt.Errorf("currencySpacing %s %q/%q not supported", side, m, s)
		}
		ins, err := getString(num, "numbers", cf, "currencySpacing", side, "insertBetween")
		if err != nil {
			return nil, err
		}
		loc.CurrencySpacing = ins
	}
	for _, p := range []string{loc.DecimalPattern, loc.CurrencyPattern, loc.CurrencyPatternAlpha} {
		if err := checkNumberPattern(p); err != nil {
			return nil, err
		}
	}

	cur, err := readMain(root, "cldr-numbers-modern", version, locale, "currencies.json")
	if err != nil {
		return nil, err
	}
	cs, err := get(cur, "numbers", "currencies")
	if err != nil {
		return nil, err
	}
	for code, v := range cs.(map[string]any) {
		o, ok := v.(map[string]any)
		if !ok {
			continue
		}
		// XXX is "no currency"; its symbol ¤ would print a placeholder.
		if s, ok := o["symbol"].(string); ok && s != code && code != "XXX" {
			loc.CurrencySymbols[code] = s
		}
	}

	greg, err := readMain(root, "cldr-dates-modern", version, locale, "ca-gregorian.json")
	if err != nil {
		return nil, err
	}
	if loc.DateYMd, err = getString(greg, "dates", "calendars", "gregorian", "dateTimeFormats", "availableFormats", "yMd"); err != nil {
		return nil, err
	}
	if err := checkDatePattern(loc.DateYMd); err != nil {
		return nil, err
	}

	names, err := readMain(root, "cldr-localenames-modern", version, locale, "languages.json")
	if err != nil {
		return nil, err
	}
	if loc.Name, err = displayName(root, version, locale, l.Tag, names); err != nil {
		return nil, err
	}
	return loc, nil
}

// displayName is the language's name in itself: "slovenščina",
// "srpski (latinica)".
func displayName(root, version, locale, tag string, names map[string]any) (string, error) {
	if s, err := getString(names, "localeDisplayNames", "languages", tag); err == nil {
		return s, nil
	}
	parts := strings.Split(tag, "-")
	base, err := getString(names, "localeDisplayNames", "languages", parts[0])
	if err != nil {
		return "", err
	}
	if len(parts) != 2 || len(parts[1]) != 4 {
		return "", fmt.Errorf("no display name for %s", tag)
	}
	scripts, err := readMain(root, "cldr-localenames-modern", version, locale, "scripts.json")
	if err != nil {
		return "", err
	}
	sc, err := getString(scripts, "localeDisplayNames", "scripts", parts[1])
	if err != nil {
		return "", err
	}
	ldn, err := readMain(root, "cldr-localenames-modern", version, locale, "localeDisplayNames.json")
	if err != nil {
		return "", err
	}
	pat, err := getString(ldn, "localeDisplayNames", "localeDisplayPattern", "localePattern")
	if err != nil {
		return "", err
	}
	return strings.NewReplacer("{0}", base, "{1}", sc).Replace(pat), nil
}

// checkNumberPattern refuses pattern features socialsvc/i18n does not
// implement (percent, per mille, exponents, padding, rounding increments),
// so that a new CLDR release cannot silently change the output.
func checkNumberPattern(p string) error {
	if p == "" {
		return nil
	}
	if strings.ContainsAny(p, "%‰E*@'123456789") {
		return fmt.Errorf("number pattern %q uses features that are not supported", p)
	}
	for _, sub := range strings.Split(p, ";") {
		if !strings.Contains(sub, "0") {
			return fmt.Errorf("number pattern %q has no digits", p)
		}
	}
	return nil
}

// checkDatePattern accepts the numeric yMd patterns: d, dd, M, MM, y, yy,
// yyyy and literal text.
func checkDatePattern(p string) error {
	var fields []string
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == '\'':
			j := strings.IndexByte(p[i+1:], '\'')
			if j < 0 {
				return fmt.Errorf("date pattern %q: unterminated quote", p)
			}
			i += j + 2
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			j := i
			for j < len(p) && p[j] == p[i] {
				j++
			}
			f := p[i:j]
			switch f {
			case "d", "dd", "M", "MM", "y", "yy", "yyyy":
			default:
				return fmt.Errorf("date pattern %q: field %q not supported", p, f)
			}
			fields = append(fields, f[:1])
			i = j
		default:
			i += size
		}
	}
	sort.Strings(fields)
	if strings.Join(fields, "") != "Mdy" {
		return fmt.Errorf("date pattern %q: want one day, month and year field", p)
	}
	return nil
}
