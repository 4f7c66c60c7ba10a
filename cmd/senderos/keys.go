package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cepaim/senderos/store/seal"
)

// dataKeyFile is the file in the data directory that holds the data keys
// when none are configured.
const dataKeyFile = "data.key"

// dataKeys returns the keys that seal personal data: --data-keys, else the
// file --data-key-file, else (SQLite only) DataDir/data.key, created with
// one new key (readable by its owner only) on first start. Errors never
// quote a key.
func (m *Main) dataKeys() (*seal.Keyring, error) {
	if m.Config.DataKeys != "" {
		keys, err := seal.Parse(m.Config.DataKeys)
		if err != nil {
			return nil, fmt.Errorf("--data-keys: %w", err)
		}
		return keys, nil
	}
	if m.Config.DataKeyFile != "" {
		text, err := os.ReadFile(m.Config.DataKeyFile)
		if err != nil {
			return nil, fmt.Errorf("--data-key-file: %w", err)
		}
		keys, err := seal.Parse(string(text))
		if err != nil {
			return nil, fmt.Errorf("--data-key-file %s: %w", m.Config.DataKeyFile, err)
		}
		return keys, nil
	}

	if m.Config.DatabaseURL != "" {
		// Replicas sharing one database must seal with the same keys: a
		// key made here would be this machine's alone.
		return nil, errors.New("with --database-url, give the data keys every replica shares: --data-keys or --data-key-file (make one with: openssl rand -base64 32)")
	}
	path := filepath.Join(m.Config.DataDir, dataKeyFile)
	text, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		text = []byte("# Keys sealing personal data, newest first. Keep a copy apart from the\n" +
			"# database: without it the data cannot be read.\n" + seal.Generate() + "\n")
		// O_EXCL: two processes starting at once must not each write
		// a key and seal with different ones.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return m.dataKeys()
		} else if err != nil {
			return nil, fmt.Errorf("data key: %w", err)
		}
		if _, err := f.Write(text); err != nil {
			f.Close()
			return nil, fmt.Errorf("data key: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("data key: %w", err)
		}
		m.step("Created a data key in %s: back it up, apart from the database", path)
	} else if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	keys, err := seal.Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("data key %s: %w", path, err)
	}
	return keys, nil
}
