package backoffice

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Amina": "Amina", "=1+2": "'=1+2", "+34 600": "'+34 600", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b", "'quoted": "'quoted",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// readCSV fetches path and parses it, keyed by reference.
func readCSV(t *testing.T, m *member, path string) (*http.Response, []string, map[string]map[string]string) {
	t.Helper()
	res, body := m.b.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", path, res.StatusCode, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, row := range rows[1:] {
		rec := map[string]string{}
		for i, h := range rows[0] {
			rec[h] = row[i]
		}
		out[rec["reference"]] = rec
	}
	return res, rows[0], out
}

func TestFamiliesCSV(t *testing.T) {
	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")
	plain := e.family("Zarah Testname", "zarah@example.com", "612345987")
	evil := e.family("=HYPERLINK(\"http://evil.example\",\"x\")", "evil@example.com", "+34 600 000 000", func(i *senderos.Interest) {
		i.Skills, i.City, i.Sectors = "@SUM(1+1)", "-Madrid", []string{"care"}
	})
	e.assign(plain, tech.Staff)

	t.Run("HoldsTheFilteredList", func(t *testing.T) {
		res, header, rows := readCSV(t, coord, "/staff/families.csv")
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !slices.Equal(header, familyCSVHeader) {
			t.Errorf("header %v", header)
		}
		got := rows[plain.Reference]
		if len(rows) != 2 || got["name"] != "Zarah Testname" || got["email"] != "zarah@example.com" ||
			got["phone"] != "612345987" || got["household"] != "3" || got["status"] != "new" ||
			got["assignee"] != "Teo Technician" || got["regions"] != "02" || got["skills"] != "Poda de olivos" {
			t.Errorf("rows %v", rows)
		}
		_, _, rows = readCSV(t, coord, "/staff/families.csv?sector=care")
		if len(rows) != 1 || rows[evil.Reference] == nil {
			t.Errorf("filtered rows %v", rows)
		}
		a := e.audited(senderos.AuditExport, "families.csv")
		if len(a) != 2 || a[0].Detail != "1 rows; sector=care" || a[0].StaffID != coord.ID {
			t.Errorf("export audit %+v", a)
		}
	})
	t.Run("EscapesFormulas", func(t *testing.T) {
		_, _, rows := readCSV(t, coord, "/staff/families.csv")
		got := rows[evil.Reference]
		for col, want := range map[string]string{
			"name": `'=HYPERLINK("http://evil.example","x")`, "skills": "'@SUM(1+1)", "city": "'-Madrid",
			"phone": "'+34 600 000 000",
		} {
			if got[col] != want {
				t.Errorf("%s = %q, want %q", col, got[col], want)
			}
		}
	})
	t.Run("TechnicianExportsOnlyAssigned", func(t *testing.T) {
		_, _, rows := readCSV(t, tech, "/staff/families.csv")
		if len(rows) != 1 || rows[plain.Reference] == nil {
			t.Errorf("technician's rows %v", rows)
		}
	})
}

func TestRecordExport(t *testing.T) {
	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")
	fam := e.family("Zarah Testname", "zarah@example.com", "612345987")
	e.assign(fam, tech.Staff)
	tech.post(familyPath(fam)+"/status", "status", "contacted")
	tech.post(familyPath(fam)+"/notes", "note", "Prefiere llamadas por la tarde")

	t.Run("HoldsEverythingDecrypted", func(t *testing.T) {
		res, body := coord.b.get(familyPath(fam) + "/export.json")
		wantStatus(t, res, http.StatusOK, body)
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="`+fam.Reference+`.json"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		var got RecordExport
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		i := got.Interest
		if got.Reference != fam.Reference || i == nil || i.Contact.Name != "Zarah Testname" ||
			i.Contact.Email != "zarah@example.com" || i.Contact.Phone != "612345987" || i.Skills != "Poda de olivos" {
			t.Fatalf("export %s", body)
		}
		if got.Consent.PrivacyVersion != "2026-11" || got.Status != senderos.StatusContacted {
			t.Errorf("consent or status: %s", body)
		}
		var notes, statuses int
		for _, ev := range got.History {
			switch {
			case ev.Type == senderos.EventNote && ev.Note == "Prefiere llamadas por la tarde":
				notes++
			case ev.Type == senderos.EventStatus && ev.To == "contacted" && ev.StaffID == tech.ID:
				statuses++
			}
		}
		if notes != 1 || statuses != 1 {
			t.Errorf("history %+v", got.History)
		}
		if a := e.audited(senderos.AuditExport, fam.Reference); len(a) != 1 || a[0].Outcome != senderos.OutcomeOK {
			t.Errorf("export audit %+v", a)
		}
	})
	t.Run("OnlyCoordinatorsAndAdmins", func(t *testing.T) {
		res, body := tech.b.get(familyPath(fam) + "/export.json")
		wantStatus(t, res, http.StatusForbidden, body)
		wantNotIn(t, "refusal", body, "Zarah")
	})
	t.Run("Municipality", func(t *testing.T) {
		muni := e.municipality("44013")
		res, body := coord.b.get(muniPath(muni) + "/export.json")
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "export", body, `"contact_name": "Pilar Contacto"`, `"email": "adl@alcaniz.example"`, `"kind": "municipality"`)
	})
}

func TestErase(t *testing.T) {
	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")
	fam := e.family("Zarah Testname", "zarah@example.com", "612345987")
	keep := e.family("Yusuf Keeps", "yusuf@example.com", "699888777")
	e.assign(fam, tech.Staff)
	path := familyPath(fam)

	t.Run("TechnicianMayNot", func(t *testing.T) {
		res, _ := tech.b.get(path + "/erase")
		wantStatus(t, res, http.StatusForbidden, "")
		res, _ = tech.post(path+"/erase", "confirm", fam.Reference)
		wantStatus(t, res, http.StatusForbidden, "")
	})
	t.Run("AsksForConfirmation", func(t *testing.T) {
		res, body := coord.b.get(path + "/erase")
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "confirmation", body, `name="confirm" value="`+fam.Reference+`"`, `name="csrf"`)
		res, _ = coord.post(path + "/erase")
		wantRedirect(t, res, path+"/erase")
		if _, err := e.svc.Submissions.FindSubmissionByID(t.Context(), fam.ID); err != nil {
			t.Fatalf("erased without confirmation: %v", err)
		}
	})
	t.Run("HidesTheRecordEverywhere", func(t *testing.T) {
		res, _ := coord.post(path+"/erase", "confirm", fam.Reference)
		wantRedirect(t, res, "/staff/families")
		_, body := coord.b.get("/staff/families")
		wantIn(t, "list", body, "Record erased", keep.Reference)
		wantNotIn(t, "list", body, fam.Reference)
		for _, m := range []*member{coord, tech} {
			for _, p := range []string{path, path + "/export.json", path + "/erase"} {
				if res, body := m.b.get(p); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s: %d", m.Name, p, res.StatusCode)
				} else if strings.Contains(body, "Zarah") {
					t.Errorf("%s %s shows the name", m.Name, p)
				}
			}
		}
		if res, _ := coord.b.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("record page %d", res.StatusCode)
		}
		_, _, rows := readCSV(t, coord, "/staff/families.csv")
		if rows[fam.Reference] != nil || rows[keep.Reference] == nil {
			t.Errorf("csv %v", rows)
		}
		_, body = tech.b.get("/staff/families")
		wantNotIn(t, "technician's list", body, fam.Reference)
		res, _ = coord.post(path+"/notes", "note", "after")
		wantStatus(t, res, http.StatusNotFound, "")
		if a := e.audited(senderos.AuditErase, fam.Reference); len(a) != 1 || a[0].Outcome != senderos.OutcomeOK {
			t.Errorf("erase audit %+v", a)
		}
	})
	t.Run("LeavesThePublicProfile", func(t *testing.T) {
		muni := e.municipality("44013")
		res, _ := coord.post(muniPath(muni) + "/approve")
		wantRedirect(t, res, muniPath(muni))
		res, _ = coord.post(muniPath(muni)+"/erase", "confirm", muni.Reference)
		wantRedirect(t, res, "/staff/municipalities")
		if res, _ := coord.b.get(muniPath(muni)); res.StatusCode != http.StatusNotFound {
			t.Errorf("record page %d", res.StatusCode)
		}
		_, body := coord.b.get("/staff/municipalities")
		wantNotIn(t, "list", body, muni.Reference)
		list, _ := e.published()
		if len(list.Profiles) != 1 || list.Profiles[0].Code != "44013" {
			t.Errorf("profiles %+v", list.Profiles)
		}
	})
}

// TestNoPersonalDataInLogs goes through every records page and form and
// greps the server's log for the people's details.
func TestNoPersonalDataInLogs(t *testing.T) {
	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")
	fam := e.family("Zarah Testname", "zarah@example.com", "612345987")
	muni := e.municipality("44013")
	p, m := familyPath(fam), muniPath(muni)

	coord.b.get("/staff/families?status=new&sector=agriculture")
	coord.b.get(p)
	coord.post(p+"/assign", "assignee", "424242")
	coord.post(p+"/status", "status", "relocated")
	coord.post(p+"/status", "status", "contacted")
	coord.post(p+"/notes", "note", "Nota secreta sobre Zarah")
	tech.b.get(p)
	coord.b.get("/staff/families.csv")
	coord.b.get(p + "/export.json")
	coord.b.get("/staff/municipalities")
	coord.b.get(m)
	coord.post(m + "/approve")
	coord.post(m+"/jobs", "sector", "care", "count", "1", "description", "Cuidados")
	coord.b.get(m + "/export.json")
	coord.post(p+"/erase", "confirm", fam.Reference)
	coord.post(m+"/erase", "confirm", muni.Reference)

	logs := e.svc.Logs.String()
	if !strings.Contains(logs, `"route":"/staff/families/{id:[0-9]+}"`) {
		t.Fatalf("the requests are not logged:\n%s", logs)
	}
	for _, pii := range []string{"Zarah", "zarah@example.com", "612345987", "612 345 987", "Pilar", "adl@alcaniz.example",
		"978654321", "Nota secreta", "Poda de olivos"} {
		if strings.Contains(logs, pii) {
			t.Errorf("the log holds %q", pii)
		}
	}
}
