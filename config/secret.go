package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DevSecretFile is where development mode keeps its generated signing key, so
// badges and links signed before a restart still verify after it.
const DevSecretFile = "secret.key"

// LoadOrCreateDevSecret returns the key stored under dataDir, creating it (0600) on
// first use. created tells the caller to warn: production must set SECRET_KEY.
func LoadOrCreateDevSecret(dataDir string) (key []byte, created bool, err error) {
	path := filepath.Join(dataDir, DevSecretFile)
	raw, err := os.ReadFile(path)
	switch {
	case err == nil:
		key = []byte(strings.TrimSpace(string(raw)))
		if len(key) < 32 {
			return nil, false, fmt.Errorf("%s holds a key shorter than 32 characters; delete it to generate a new one", path)
		}
		return key, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("read %s: %w", path, err)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, false, fmt.Errorf("DATA_DIR: %w", err)
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, false, err
	}
	key = []byte(hex.EncodeToString(buf))
	if err := os.WriteFile(path, append(key, '\n'), 0o600); err != nil {
		return nil, false, fmt.Errorf("write %s: %w", path, err)
	}
	return key, true, nil
}
