package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

func importUsage() error {
	var kinds []string
	for _, k := range tabular.Kinds() {
		kinds = append(kinds, k.Name())
	}
	return errors.New("usage: refserver [-db URL] import --project ID --kind " + strings.Join(kinds, "|") + " [--org ID] [--lang " + langList("|") + "] [--errors-csv FILE] FILE")
}

// langList joins the shipped languages' tags with sep.
func langList(sep string) string {
	var tags []string
	for _, l := range i18n.Languages() {
		tags = append(tags, string(l))
	}
	return strings.Join(tags, sep)
}

// importFile imports a CSV or XLSX file into a project with the same
// rules as POST /api/v1/projects/{id}/imports/{kind}, as an
// administrator: all rows or none. Row errors go to stderr (and to
// --errors-csv as the API's error report); nothing is written then.
func (m *Main) importFile(ctx context.Context, c config, args []string) error {
	fs := flag.NewFlagSet("refserver import", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", c.db, "store URL (as before the command)")
	project := fs.String("project", "", "the project to import into (required)")
	kind := fs.String("kind", "", "the kind of rows: one of the importer kinds (attendance, beneficiaries, ...; required)")
	org := fs.String("org", "", "organisation of beneficiary rows without org_id")
	lang := fs.String("lang", "en", "language of the error messages: a shipped language ("+langList(", ")+")")
	errCSV := fs.String("errors-csv", "", "write the row errors of a failed import to this CSV file")
	maxBytes := fs.Int64("upload-limit", c.uploadLimit, "largest file in bytes (an XLSX may unpack to 8 times as much)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *project == "" || *kind == "" || fs.NArg() != 1 {
		return importUsage()
	}
	k, err := tabular.Lookup(*kind)
	if err != nil {
		return fmt.Errorf("--kind: %s", socialsvc.ErrorFields(err)[0].Message)
	}
	l := socialsvc.Lang(*lang)
	if !i18n.Shipped(l) {
		return fmt.Errorf("--lang: %q is not a shipped language; one of %s", *lang, langList(", "))
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := store.Open(ctx, *db)
	if err != nil {
		return fmt.Errorf("opening %s: %w", redact(*db), err)
	}
	defer s.Close()
	o := tabular.Options{Project: socialsvc.ProjectID(*project), DefaultOrg: socialsvc.OrgID(*org), Read: tabular.ReadOptions{MaxBytes: *maxBytes}}
	ctx = store.WithActor(ctx, store.Actor{ID: "refserver:import", Role: store.RoleAdmin})
	t, err := tabular.Read(f, o.Read)
	n := 0
	if err == nil {
		n, err = k.Import(ctx, s, t, o)
	}
	if err != nil {
		if socialsvc.ErrorCode(err) != socialsvc.Invalid {
			return err
		}
		for _, fe := range socialsvc.ErrorFields(err) {
			msg := fe.MessageIn(l)
			where := "file"
			if fe.Row > 0 {
				where = fmt.Sprintf("line %d", fe.Row)
			}
			fmt.Fprintf(m.Stderr, "%s: %s: %s: %s\n", fs.Arg(0), where, tabular.ColumnOf(fe.Field), msg)
		}
		if *errCSV != "" {
			out, cerr := os.Create(*errCSV)
			if cerr != nil {
				return cerr
			}
			if werr := tabular.WriteErrorsCSV(out, err, l); werr != nil {
				_ = out.Close()
				return werr
			}
			if cerr := out.Close(); cerr != nil {
				return cerr
			}
		}
		msg := socialsvc.ErrorMessageIn(err, l)
		if msg == "" { // a summary in English only: the lines above say it in l
			msg = socialsvc.ErrorMessage(err)
		}
		return errors.New(msg)
	}
	fmt.Fprintf(m.Stdout, "imported %d %s rows into project %s (%s, %s)\n", n, k.Name(), *project, t.Format, orDefault(t.Encoding, "workbook"))
	return nil
}
