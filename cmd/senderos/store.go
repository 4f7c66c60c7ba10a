package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
)

// stores are the services of the open database, and the database itself
// for what only the command line does with it (rekeying).
type stores struct {
	Submissions senderos.SubmissionService
	Staff       senderos.StaffService
	Sessions    senderos.SessionService
	Audit       senderos.AuditService
	Profiles    senderos.ProfileService
	// Indicators and ESF are the programme's figures and its European
	// Social Fund data.
	Indicators senderos.IndicatorService
	ESF        senderos.ESFService
	// Notifications is the outbox of staff notifications.
	Notifications senderos.NotificationService
	// Cases, Warnings and Family are the itinerary's services.
	Cases    senderos.CaseService
	Warnings senderos.WarningService
	Family   senderos.FamilyService
	// Results are the public results the API gives the site build.
	Results senderos.ResultsService
	// Offers, Matches and Villages are the village side's and matching's.
	Offers   senderos.OfferService
	Matches  senderos.MatchService
	Villages senderos.VillageService

	db database
}

// database is what stores needs of either store's DB.
type database interface {
	Close() error
	Rekey(ctx context.Context, progress func(done, total int)) (int, error)
}

// Close closes the database.
func (s *stores) Close() error { return s.db.Close() }

// openStore opens PostgreSQL when a database URL is configured, else
// SQLite in the data directory, with the data keys, and returns its
// services; closing them closes the database.
func (m *Main) openStore(ctx context.Context) (*stores, error) {
	keys, err := m.dataKeys()
	if err != nil {
		return nil, err
	}
	var db *sqldb.DB
	if m.Config.DatabaseURL != "" {
		m.step("Opening PostgreSQL and applying migrations…")
		if db, err = postgres.Open(ctx, m.Config.DatabaseURL, keys); err != nil {
			return nil, fmt.Errorf("postgresql: %w", err)
		}
	} else {
		path := filepath.Join(m.Config.DataDir, "senderos.db")
		m.step("Opening SQLite at %s and applying migrations…", path)
		if db, err = sqlite.Open(path, keys); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	return &stores{
		Indicators: sqldb.NewIndicatorService(db), ESF: sqldb.NewESFService(db),
		Submissions: sqldb.NewSubmissionService(db), Staff: sqldb.NewStaffService(db),
		Sessions: sqldb.NewSessionService(db), Audit: sqldb.NewAuditService(db),
		Profiles: sqldb.NewProfileService(db), Notifications: sqldb.NewNotificationService(db),
		Cases: sqldb.NewCaseService(db), Warnings: sqldb.NewWarningService(db), Family: sqldb.NewFamilyService(db),
		Offers: sqldb.NewOfferService(db), Matches: sqldb.NewMatchService(db), Villages: sqldb.NewVillageService(db),
		Results: sqldb.NewResultsService(db), db: db,
	}, nil
}

// formKey returns the key that signs form tokens: the configured one, or
// the one kept in the data directory, created on first start.
func (m *Main) formKey() ([]byte, error) {
	if m.Config.FormKey != "" {
		return hex.DecodeString(m.Config.FormKey)
	}
	path := filepath.Join(m.Config.DataDir, "form.key")
	data, err := os.ReadFile(path)
	if err == nil {
		return hex.DecodeString(strings.TrimSpace(string(data)))
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("form key: %w", err)
	}
	return key, nil
}

// expireSpam deletes suspected spam nobody looked at in time, hourly.
func (m *Main) expireSpam(ctx context.Context, svc senderos.SubmissionService) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		n, err := svc.DeleteExpiredSuspected(ctx, time.Now())
		if err != nil && ctx.Err() == nil {
			m.Logger.Error("expire suspected spam", "error", err.Error())
		} else if n > 0 {
			m.Logger.Info("expired suspected spam", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
