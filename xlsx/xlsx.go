// Package xlsx writes the European Social Fund's report as an Excel
// workbook, with excelize, and reads one back to check it: the figures a
// managing authority's template is filled from, by indicator code and
// gender. Nothing personal is in it: only the period's counts, and the
// references of participants whose entry is incomplete.
package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cepaim/senderos"
)

// The workbook's sheets.
const (
	SheetFigures    = "ESF+"
	SheetToComplete = "To complete"
)

// Labels words the workbook in one language: the columns' heads and each
// indicator's name by code.
type Labels struct {
	Code, Indicator, Total string
	Genders                map[string]string // by senderos.Genders
	Indicators             map[string]string // by code
	Period, Reference      string
	Missing                string
}

// Write writes report r as a workbook to w: the sheet SheetFigures with a
// row per indicator (code, name, one column per gender, total) under the
// period, and SheetToComplete with the participants to complete.
func Write(w io.Writer, r *senderos.ESFReport, l Labels) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetFigures); err != nil {
		return err
	}
	period := r.From.Format(time.DateOnly) + " – " + r.To.AddDate(0, 0, -1).Format(time.DateOnly)
	rows := [][]any{{l.Period, period}, {}}
	head := []any{l.Code, l.Indicator}
	for _, g := range senderos.Genders {
		head = append(head, l.Genders[g])
	}
	rows = append(rows, append(head, l.Total))
	for _, row := range r.Rows {
		line := []any{row.Code, l.Indicators[row.Code]}
		for _, g := range senderos.Genders {
			line = append(line, row.ByGender[g])
		}
		rows = append(rows, append(line, row.Total))
	}
	if err := setRows(f, SheetFigures, rows); err != nil {
		return err
	}
	if _, err := f.NewSheet(SheetToComplete); err != nil {
		return err
	}
	rows = [][]any{{l.Reference, l.Missing}}
	for _, p := range r.ToComplete {
		missing := ""
		for i, m := range p.Missing() {
			if i > 0 {
				missing += ", "
			}
			missing += m
		}
		rows = append(rows, []any{p.Reference, missing})
	}
	if err := setRows(f, SheetToComplete, rows); err != nil {
		return err
	}
	return f.Write(w)
}

func setRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if len(row) == 0 {
			continue
		}
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	return nil
}

// Read reads back the figures of a workbook Write wrote: by code, the
// counts by gender (in senderos.Genders order) and the total. It is the
// import check: what a managing authority's tool would read.
func Read(r io.Reader) (map[string][]int, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(SheetFigures)
	if err != nil {
		return nil, err
	}
	if len(rows) < 3 {
		return nil, fmt.Errorf("xlsx: sheet %q has %d rows, want a head and figures", SheetFigures, len(rows))
	}
	out := map[string][]int{}
	for i, row := range rows[3:] {
		if len(row) != 3+len(senderos.Genders) {
			return nil, fmt.Errorf("xlsx: row %d has %d cells, want %d", i+4, len(row), 3+len(senderos.Genders))
		}
		var ns []int
		for _, c := range row[2:] {
			n, err := strconv.Atoi(c)
			if err != nil {
				return nil, fmt.Errorf("xlsx: row %d: %w", i+4, err)
			}
			ns = append(ns, n)
		}
		out[row[0]] = ns
	}
	return out, nil
}
