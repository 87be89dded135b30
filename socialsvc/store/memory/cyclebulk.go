package memory

import (
	"context"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// store.ReportLineWriter: the cycle's steps write a report's lines in one
// call with one audit entry on the report, as the SQL drivers do, so that
// the memory store's audit log reads as theirs.

var _ store.ReportLineWriter = (*Store)(nil)

// UpdateReportLines writes the fields a cycle step changed (conversion,
// decision) of each line, at the version the step read it at, with one
// audit entry.
func (s *Store) UpdateReportLines(ctx context.Context, report socialsvc.PartnerReportID, changes []store.LineChange) error {
	if err := store.CheckLineBatch(ctx); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *Store) error {
		t := kReportLine.table(tx.st)
		at := now()
		for i := range changes {
			b := &changes[i].Before
			old, ok := t.get(string(b.ID))
			if !ok || old.Version != b.Version || old.ReportID != report {
				return staleVersion(kReportLine.label)
			}
			a := cloneReportLine(changes[i].After)
			v := cloneReportLine(old)
			v.Converted, v.Conversion, v.Control = a.Converted, a.Conversion, a.Control
			v.Version, v.UpdatedAt = old.Version+1, at
			t.put(tx.st, string(v.ID), v)
		}
		before, after := store.LineBatchAudit(changes)
		return tx.st.appendAudit(ctx, store.ActionUpdateLines, store.EntityPartnerReport, string(report), before, after, at)
	})
}

// CreateReportLines stores the new lines of report a cycle step made,
// with one audit entry.
func (s *Store) CreateReportLines(ctx context.Context, report socialsvc.PartnerReportID, lines []socialsvc.ReportExpenditure) error {
	if err := store.CheckLineBatch(ctx); err != nil {
		return err
	}
	if len(lines) == 0 {
		return nil
	}
	batch := make([]socialsvc.ReportExpenditure, len(lines))
	err := s.write(ctx, func(tx *Store) error {
		t := kReportLine.table(tx.st)
		at := now()
		for i := range lines {
			v := cloneReportLine(lines[i])
			if v.ReportID != report {
				return &socialsvc.Error{Code: socialsvc.Internal, Message: "memory: a line of another report in a batch of report " + string(report)}
			}
			if v.ID == "" {
				v.ID = socialsvc.ExpenditureID(socialsvc.NewID(kReportLine.prefix))
			}
			if _, dup := t.get(string(v.ID)); dup {
				return duplicateID(kReportLine.label)
			}
			v.Version, v.CreatedAt, v.UpdatedAt = 1, at, at
			t.put(tx.st, string(v.ID), cloneReportLine(v))
			batch[i] = v
		}
		return tx.st.appendAudit(ctx, store.ActionCreateLines, store.EntityPartnerReport, string(report), nil, store.LineCreateAudit(batch), at)
	})
	if err != nil {
		return err
	}
	copy(lines, batch)
	return nil
}
