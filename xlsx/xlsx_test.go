package xlsx_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/xlsx"
)

func report() *senderos.ESFReport {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &senderos.ESFReport{From: from, To: from.AddDate(1, 0, 0)}
	for i, ind := range senderos.ESFIndicators {
		r.Rows = append(r.Rows, senderos.ESFRow{Code: ind.Code, Total: 3 * i,
			ByGender: map[string]int{senderos.GenderWoman: i, senderos.GenderMan: 2 * i, senderos.GenderNonBinary: 0}})
	}
	r.ToComplete = []*senderos.ESFParticipant{{Reference: "NS-AAAA-BBBB-2", Entry: senderos.ESFEntry{Labour: senderos.LabourInactive}}}
	return r
}

var labels = xlsx.Labels{Code: "Código", Indicator: "Indicador", Total: "Total", Period: "Periodo", Reference: "Referencia", Missing: "Falta",
	Genders:    map[string]string{senderos.GenderWoman: "Mujeres", senderos.GenderMan: "Hombres", senderos.GenderNonBinary: "No binarias"},
	Indicators: map[string]string{"EECO01": "Participantes"}}

// TestWriteRead writes a report and reads the workbook back, cell by cell.
func TestWriteRead(t *testing.T) {
	r := report()
	var b bytes.Buffer
	if err := xlsx.Write(&b, r, labels); err != nil {
		t.Fatal(err)
	}
	got, err := xlsx.Read(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(r.Rows) {
		t.Fatalf("read %d indicators, want %d", len(got), len(r.Rows))
	}
	for _, row := range r.Rows {
		want := []int{row.ByGender[senderos.GenderWoman], row.ByGender[senderos.GenderMan], row.ByGender[senderos.GenderNonBinary], row.Total}
		g := got[row.Code]
		if len(g) != len(want) {
			t.Fatalf("%s: read %v, want %v", row.Code, g, want)
		}
		for i := range want {
			if g[i] != want[i] {
				t.Errorf("%s column %d: read %d, want %d", row.Code, i, g[i], want[i])
			}
		}
	}

	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A1": "Periodo", "B1": "2026-01-01 – 2026-12-31", "A3": "Código", "C3": "Mujeres",
		"F3": "Total", "A4": "EECO01", "B4": "Participantes", "A26": "EECR06"} {
		if v, err := f.GetCellValue(xlsx.SheetFigures, cell); err != nil || v != want {
			t.Errorf("%s = %q (%v), want %q", cell, v, err, want)
		}
	}
	for cell, want := range map[string]string{"A1": "Referencia", "A2": "NS-AAAA-BBBB-2"} {
		if v, err := f.GetCellValue(xlsx.SheetToComplete, cell); err != nil || v != want {
			t.Errorf("to complete %s = %q (%v), want %q", cell, v, err, want)
		}
	}
	if v, _ := f.GetCellValue(xlsx.SheetToComplete, "B2"); !bytes.Contains([]byte(v), []byte("gender")) {
		t.Errorf("to complete B2 = %q, want the missing fields", v)
	}
}

// TestReadRefusesAnotherWorkbook checks the import check fails on a
// workbook that is not the report.
func TestReadRefusesAnotherWorkbook(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", xlsx.SheetFigures)
	f.SetSheetRow(xlsx.SheetFigures, "A1", &[]any{"a"})
	f.SetSheetRow(xlsx.SheetFigures, "A4", &[]any{"EECO01", "x", "not a number", 1, 1, 2})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	if _, err := xlsx.Read(&b); err == nil {
		t.Error("Read accepted a workbook with a word for a figure")
	}
}
