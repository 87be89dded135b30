// Command customstore shows a city that keeps its service users in its
// own table and uses go-socialsvc for everything else. The city's table
// korisnici (Croatian column names, the city's own codes) is served by
// Korisnici, which implements only store.Beneficiaries; store.Combine
// joins it with the SQLite driver, which holds organisations, projects,
// events and attendance, and the ESF+ participations of the city's
// users (store.Participations passes through Combine). The library's
// rules, reports and API then work on both as on one store. The city's
// table has no month of birth: Korisnici refuses one rather than drop
// it, and ages at entry come from the birth year.
//
//	go run ./examples/customstore
//
// To adapt it to your own table:
//
//  1. Replace schema with nothing (your table exists) and columns with
//     your column names, in one order.
//  2. Rewrite korisnikValues and scanKorisnik, the only two functions
//     that know the columns, and the code tables spolKodovi and
//     osnovaKodovi that translate your codes to the library's values.
//     Personal columns must accept NULL: erasure (GDPR Art. 17) empties
//     them and keeps the row, so attendance still counts.
//  3. If your table has no version column, add one (an integer that
//     every write increments): the library detects lost updates with it.
//  4. Keep the rest, and run main_test.go against your database: when
//     storetest.RunBeneficiaries passes, the library works with your
//     table.
//
// Writes to the city's table are not part of the driver's transactions:
// each is atomic by itself (see store.Combine for exactly what holds).
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/sqlite" // the sqlite:// driver
)

func main() {
	err := func() error {
		dir, err := os.MkdirTemp("", "customstore")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		return run(context.Background(), dir, os.Stdout)
	}()
	if err != nil {
		log.Fatal(err)
	}
}

// run opens the two databases in dir, loads a project with its people and
// their attendance, and prints what the city's table holds and what the
// library counts.
func run(ctx context.Context, dir string, w io.Writer) error {
	city, err := OpenKorisnici(ctx, filepath.Join(dir, "grad.db"))
	if err != nil {
		return fmt.Errorf("opening the city's database: %w", err)
	}
	defer city.Close()
	rest, err := store.Open(ctx, "sqlite://"+filepath.Join(dir, "socialsvc.db"))
	if err != nil {
		return fmt.Errorf("opening the socialsvc database: %w", err)
	}
	defer rest.Close()
	s := store.Combine(rest, city)

	p, err := load(ctx, s)
	if err != nil {
		return err
	}

	var rows, erased int
	err = city.db.QueryRowContext(ctx, "SELECT count(*), count(izbrisan) FROM korisnici").Scan(&rows, &erased)
	if err != nil {
		return err
	}
	counts, err := store.CountAttendance(ctx, s, store.AttendanceFilter{ProjectID: p.ID})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "korisnici: %d rows in the city's table, %d erased\n", rows, erased)
	fmt.Fprintf(w, "%s: %d visits by %d individuals\n", p.Title.In(socialsvc.HR), counts.Visits, counts.Individuals)
	return nil
}

// load records a project of the City of Osijek with two workshops and
// three service users, then erases one of them on request.
func load(ctx context.Context, s store.Store) (socialsvc.Project, error) {
	org := socialsvc.Organisation{Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	if err := s.CreateOrganisation(ctx, &org); err != nil {
		return socialsvc.Project{}, err
	}
	p := socialsvc.Project{
		Acronym: "Atelier",
		Title:   socialsvc.I18n{"hr": "Socijalni atelier", "en": "Social Atelier"},
		Start:   socialsvc.MustDate("2019-01-01"), End: socialsvc.MustDate("2021-12-31"),
	}
	if err := s.CreateProject(ctx, &p); err != nil {
		return p, err
	}
	var events []socialsvc.Event
	for _, day := range []string{"2019-03-01", "2019-03-08"} {
		e := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"hr": "Kreativna radionica"}, Start: socialsvc.MustDate(day)}
		if err := s.CreateEvent(ctx, &e); err != nil {
			return p, err
		}
		events = append(events, e)
	}
	people := []socialsvc.Beneficiary{
		{Gender: socialsvc.GenderFemale, BirthYear: 1957, Region: "HR025", TargetGroups: []socialsvc.TargetGroup{socialsvc.TGElderly}},
		{Gender: socialsvc.GenderMale, AgeBand: socialsvc.Age18to29, Region: "HR025", TargetGroups: []socialsvc.TargetGroup{socialsvc.TGYouth}},
		{Household: true, Region: "HR025"},
	}
	for i := range people {
		b := &people[i]
		b.OrgID, b.ProjectID = org.ID, p.ID
		b.Reference = fmt.Sprintf("SA-2019/%03d", i+1)
		b.LegalBasis, b.RetainUntil = socialsvc.BasisPublicTask, socialsvc.MustDate("2031-12-31")
		if err := s.CreateBeneficiary(ctx, b); err != nil {
			return p, err
		}
	}
	// The first two come to both workshops, the household to the first.
	visits := []struct{ event, person int }{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}}
	for _, v := range visits {
		a := socialsvc.Attendance{EventID: events[v.event].ID, BeneficiaryID: people[v.person].ID}
		if err := s.CreateAttendance(ctx, &a); err != nil {
			return p, err
		}
	}
	// The household asks to be forgotten: its row stays, its attributes
	// go, and its visit still counts.
	return p, s.EraseBeneficiary(ctx, people[2].ID)
}
