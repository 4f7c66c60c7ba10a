package web

import (
	"crypto/rand"
	"fmt"
	"log/slog"
	"time"
)

// Defaults returns what a front end is given, with the defaults both take
// alike: for a nil logger one that discards, for a nil clock the system's,
// and for a nil key a random one (a single server, in tests); a key shorter
// than 32 bytes is an error, named after the front end.
func Defaults(name string, logger *slog.Logger, now func() time.Time, key []byte) (*slog.Logger, func() time.Time, []byte, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	if key == nil {
		key = make([]byte, 32)
		rand.Read(key)
	} else if len(key) < 32 {
		return nil, nil, nil, fmt.Errorf("%s: the form key must have at least 32 bytes", name)
	}
	return logger, now, key, nil
}
