package store

import (
	"context"
	"iter"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// ActorRoleAdmin is the role of an actor who acts for the programme: the
// only one who may enter an exchange rate by hand (RateRule.ApplyEntered).
// httpapi records its admin principals with it. It is RoleAdmin.
const ActorRoleAdmin = RoleAdmin

// IsAdmin reports whether a acts for the programme, which alone enters
// an exchange rate by hand or changes a project's rate rule: an admin, or
// trusted system code (a write without an actor, RoleSystem), as the
// write rules have it (Actor.Programme).
func (a Actor) IsAdmin() bool { return a.Programme() }

// programmeActor reports whether the actor of ctx acts for the programme.
func programmeActor(ctx context.Context) bool { return ruleActor(ctx).Programme() }

type nowKey struct{}

// WithNow returns a context whose writes see now as the current time where
// a rule depends on it (the month a line is recorded, standing in for the
// month of submission under socialsvc.RateInforEuroSubmitted). Tests and
// replays use it; without it the clock is time.Now.
func WithNow(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, nowKey{}, now)
}

// Now returns the current time of ctx (see WithNow), in UTC.
func Now(ctx context.Context) time.Time {
	if f, ok := ctx.Value(nowKey{}).(func() time.Time); ok && f != nil {
		return f().UTC()
	}
	return time.Now().UTC()
}

// ImportRates stores every rate, all or none, in one transaction: a bad
// rate is a row error naming its 1-based position and nothing is written.
// Each stored rate is in the audit log, as with PutRate. Parse files with
// socialsvc.ParseInforEuro or socialsvc.ParseRatesCSV first.
func ImportRates(ctx context.Context, s Store, rates iter.Seq[socialsvc.Rate]) (int, error) {
	var all []socialsvc.Rate
	var errs RowErrors
	for r := range rates {
		all = append(all, r)
		if err := socialsvc.ValidateRate(&r); err != nil {
			if err := errs.Add(len(all), err); err != nil {
				return 0, err
			}
			continue
		}
		if err := socialsvc.CheckRateBounds("rate", r.Currency, r.Rate); err != nil {
			if err := errs.Add(len(all), err); err != nil {
				return 0, err
			}
		}
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	if len(all) == 0 {
		return 0, socialsvc.FieldErr("rates", "required", "err.rates.required")
	}
	err := s.WithTx(ctx, func(tx Store) error {
		for i, r := range all {
			if err := tx.PutRate(ctx, r); err != nil {
				return rowErr(i+1, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(all), nil
}
