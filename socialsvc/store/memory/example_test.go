package memory_test

import (
	"context"
	"fmt"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/memory" // registers memory://
)

// A memory store behaves like the SQL drivers: versions, lifecycle rules
// and the audit log included.
func Example() {
	ctx := context.Background()
	s, err := store.Open(ctx, "memory://")
	if err != nil {
		panic(err)
	}
	defer s.Close()

	osijek := socialsvc.Organisation{Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	p := socialsvc.Project{
		ID: "social-atelier", Acronym: "Socijalni atelier",
		Title: socialsvc.I18n{"hr": "Socijalni atelier", "en": "Social Atelier"},
		Start: socialsvc.MustDate("2019-01-01"), End: socialsvc.MustDate("2021-12-31"),
	}
	if err := s.CreateOrganisation(ctx, &osijek); err != nil {
		panic(err)
	}
	if err := s.CreateProject(ctx, &p); err != nil {
		panic(err)
	}
	fmt.Println(p.Status, p.Currency, p.Version)

	// Leaving draft needs a lead partner.
	submitted := p
	submitted.Status = socialsvc.StatusSubmitted
	fmt.Println(socialsvc.ErrorCode(s.UpdateProject(ctx, &submitted)))

	lead := socialsvc.Partner{ProjectID: p.ID, OrgID: osijek.ID, Role: socialsvc.RoleLead, Number: 1}
	if err := s.CreatePartner(ctx, &lead); err != nil {
		panic(err)
	}
	if err := s.UpdateProject(ctx, &submitted); err != nil {
		panic(err)
	}
	fmt.Println(submitted.Status, submitted.Version)

	// The copy read before the update is stale now.
	p.Acronym = "SA"
	fmt.Println(socialsvc.ErrorCode(s.UpdateProject(ctx, &p)))

	audit, err := s.ListAudit(ctx, store.AuditFilter{Entity: store.EntityProject})
	if err != nil {
		panic(err)
	}
	for _, e := range audit.Items {
		fmt.Println(e.Seq, e.Action, e.EntityID, e.Actor.ID)
	}
	// Output:
	// draft EUR 1
	// invalid
	// submitted 2
	// conflict
	// 2 create social-atelier system
	// 4 update social-atelier system
}
