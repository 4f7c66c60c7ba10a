package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/cepaim/senderos"
)

// ScheduleConfig is the configuration of the scheduled work of the
// itinerary: how often early warnings are raised, and the rules' settings.
type ScheduleConfig struct {
	// WarningEvery is how often the early-warning rules run over every
	// open case; 0 means 15 minutes.
	WarningEvery time.Duration
	// NoContactDays is how long a case goes without contact before it
	// warns; 0 means senderos.DefaultNoContactDays.
	NoContactDays int
	// FollowUpMonths are the months after a move at which a family is
	// followed up, comma-separated in increasing order; "" means
	// senderos.DefaultSchedule.
	FollowUpMonths string
}

// bind registers the flags of c on fs with defaults from the environment.
func (c *ScheduleConfig) bind(fs *flag.FlagSet) {
	every, err := time.ParseDuration(env("WARNING_EVERY", "15m"))
	if err != nil {
		every = -1 // reported by Validate
	}
	fs.DurationVar(&c.WarningEvery, "warning-every", every, "how often the early-warning rules run over every open case (env SENDEROS_WARNING_EVERY)")
	fs.IntVar(&c.NoContactDays, "no-contact-days", envInt("NO_CONTACT_DAYS", senderos.DefaultNoContactDays), "days without contact after which a case warns (env SENDEROS_NO_CONTACT_DAYS)")
	fs.StringVar(&c.FollowUpMonths, "followup-months", env("FOLLOWUP_MONTHS", "1,3,6,12"), "months after a move at which a family is followed up, comma-separated (env SENDEROS_FOLLOWUP_MONTHS)")
}

// Validate reports the first problem with c, and fills in the defaults of
// a ScheduleConfig not bound to flags.
func (c *ScheduleConfig) Validate() error {
	if c.WarningEvery == 0 {
		c.WarningEvery = 15 * time.Minute
	}
	if c.NoContactDays == 0 {
		c.NoContactDays = senderos.DefaultNoContactDays
	}
	if c.WarningEvery < time.Second {
		return errors.New("--warning-every: want a duration of a second or more, e.g. 15m")
	}
	if c.NoContactDays < 1 {
		return errors.New("--no-contact-days must be positive")
	}
	if _, err := c.FollowUps(); err != nil {
		return err
	}
	return nil
}

// FollowUps returns the schedule of follow-ups of FollowUpMonths.
func (c *ScheduleConfig) FollowUps() (senderos.Schedule, error) {
	if c.FollowUpMonths == "" {
		return senderos.DefaultSchedule, nil
	}
	var s senderos.Schedule
	for _, m := range splitList(c.FollowUpMonths) {
		n, err := strconv.Atoi(m)
		if err != nil {
			return s, fmt.Errorf("--followup-months: %q is not a number of months", m)
		}
		s.Months = append(s.Months, n)
	}
	if p := s.Validate(); len(p) > 0 {
		return s, fmt.Errorf("--followup-months %q: want months from 1 to %d in increasing order, e.g. 1,3,6,12", c.FollowUpMonths, senderos.MaxScheduleMonth)
	}
	return s, nil
}

// scheduler runs the itinerary's scheduled work: it raises early warnings
// and expires the proposals past their deadline, at start and then every
// so often. Replicas on one database each run one; the store raises each
// warning, and expires each proposal, once whoever gets there first.
type scheduler struct {
	warnings senderos.WarningService
	matches  senderos.MatchService // nil: no proposals to expire
	every    time.Duration
	rules    senderos.WarningRules
	logger   *slog.Logger
	// now returns the current time; tests move it.
	now func() time.Time
}

// newScheduler returns the scheduler of m's configuration on warnings and
// matches' proposals.
func (m *Main) newScheduler(warnings senderos.WarningService, matches senderos.MatchService) *scheduler {
	c, now := m.Config.Schedule, m.Now
	if now == nil {
		now = time.Now
	}
	return &scheduler{warnings: warnings, matches: matches, every: c.WarningEvery, logger: m.Logger, now: now,
		rules: senderos.WarningRules{NoContactDays: c.NoContactDays}}
}

// Run raises warnings and expires proposals until ctx ends.
func (s *scheduler) Run(ctx context.Context) {
	tick := time.NewTicker(s.every)
	defer tick.Stop()
	for {
		s.raise(ctx)
		s.expire(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// raise raises the warnings due now, and logs how many it stored.
func (s *scheduler) raise(ctx context.Context) {
	n, err := s.warnings.RaiseWarnings(ctx, s.now(), s.rules)
	if err != nil && ctx.Err() == nil {
		s.logger.Error("raise warnings", "error", err.Error())
	} else if n > 0 {
		s.logger.Info("raised warnings", "count", n)
	}
}

// expire expires the proposals whose deadline has passed, which frees
// their homes and vacancies, and logs how many.
func (s *scheduler) expire(ctx context.Context) {
	if s.matches == nil {
		return
	}
	n, err := s.matches.ExpireProposals(ctx, s.now())
	if err != nil && ctx.Err() == nil {
		s.logger.Error("expire proposals", "error", err.Error())
	} else if n > 0 {
		s.logger.Info("expired proposals", "count", n)
	}
}
