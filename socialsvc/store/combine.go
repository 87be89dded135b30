package store

import (
	"context"
	"iter"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Combine returns a Store that serves beneficiaries from own and
// everything else from base: the way a municipal system that keeps its
// service users in its own registry reuses a driver for the rest.
//
// Writes to own are not part of base's transactions: own should make each
// of its writes atomic by itself. Cross-store rules still hold: attendance
// may only name beneficiaries that own knows, and a beneficiary with
// attendance cannot be deleted (conflict).
func Combine(base Store, own Beneficiaries) Store {
	return &combined{Store: base, own: own}
}

type combined struct {
	Store
	own Beneficiaries
}

type viewKey struct{}

// View returns the store that rule checks inside a driver must read
// through: the combined store when the call came through Combine, with tx
// for the driver's own data; tx otherwise. Drivers pass it to CheckXxx.
func View(ctx context.Context, tx Store) Store {
	if c, ok := ctx.Value(viewKey{}).(*combined); ok {
		return &combined{Store: tx, own: c.own}
	}
	return tx
}

func (c *combined) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, viewKey{}, c)
}

func (c *combined) WithTx(ctx context.Context, fn func(tx Store) error) error {
	return c.Store.WithTx(c.ctx(ctx), func(tx Store) error {
		return fn(&combined{Store: tx, own: c.own})
	})
}

func (c *combined) CreateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	if err := CheckBeneficiary(ctx, c, nil, b); err != nil {
		return err
	}
	return c.own.CreateBeneficiary(ctx, b)
}

func (c *combined) GetBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error) {
	return c.own.GetBeneficiary(ctx, id)
}

func (c *combined) UpdateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	old, err := c.own.GetBeneficiary(ctx, b.ID)
	if err != nil {
		return err
	}
	if err := CheckBeneficiary(ctx, c, &old, b); err != nil {
		return err
	}
	return c.own.UpdateBeneficiary(ctx, b)
}

func (c *combined) DeleteBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID, version int64) error {
	pg, err := c.Store.ListAttendance(ctx, AttendanceFilter{BeneficiaryID: id, ListOptions: ListOptions{Limit: 1}})
	if err != nil {
		return err
	}
	if len(pg.Items) > 0 {
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary has attendance records; erase the person instead of deleting"}
	}
	return c.own.DeleteBeneficiary(ctx, id, version)
}

func (c *combined) EraseBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) error {
	return c.own.EraseBeneficiary(ctx, id)
}

func (c *combined) ListBeneficiaries(ctx context.Context, f BeneficiaryFilter) (Page[socialsvc.Beneficiary], error) {
	return c.own.ListBeneficiaries(ctx, f)
}

func (c *combined) ScanBeneficiaries(ctx context.Context, f BeneficiaryFilter) iter.Seq2[socialsvc.Beneficiary, error] {
	return c.own.ScanBeneficiaries(ctx, f)
}

// The calls below reach base with the view in the context, so that its
// rule checks look beneficiaries up in own.

func (c *combined) CreateAttendance(ctx context.Context, a *socialsvc.Attendance) error {
	return c.Store.CreateAttendance(c.ctx(ctx), a)
}

func (c *combined) CreateOrganisation(ctx context.Context, o *socialsvc.Organisation) error {
	return c.Store.CreateOrganisation(c.ctx(ctx), o)
}

func (c *combined) DeleteOrganisation(ctx context.Context, id socialsvc.OrgID, version int64) error {
	pg, err := c.own.ListBeneficiaries(ctx, BeneficiaryFilter{OrgID: id, ListOptions: ListOptions{Limit: 1}})
	if err != nil {
		return err
	}
	if len(pg.Items) > 0 {
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the organisation has beneficiaries and cannot be deleted"}
	}
	return c.Store.DeleteOrganisation(c.ctx(ctx), id, version)
}

func (c *combined) DeleteProject(ctx context.Context, id socialsvc.ProjectID, version int64) error {
	pg, err := c.own.ListBeneficiaries(ctx, BeneficiaryFilter{ProjectID: id, ListOptions: ListOptions{Limit: 1}})
	if err != nil {
		return err
	}
	if len(pg.Items) > 0 {
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the project has beneficiaries and cannot be deleted"}
	}
	return c.Store.DeleteProject(c.ctx(ctx), id, version)
}
