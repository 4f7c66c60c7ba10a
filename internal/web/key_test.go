package web

import (
	"bytes"
	"testing"
)

// TestDerivedKeysDiffer: each purpose gets a key of its own, none of them
// the configured key; the API's and the back-office's tests prove that
// each server signs with the key of its purpose.
func TestDerivedKeysDiffer(t *testing.T) {
	root := bytes.Repeat([]byte("k"), 32)
	keys := map[string][]byte{"configured": root}
	for name, label := range map[string]string{
		"form tokens": FormTokenLabel, "staff": StaffKeyLabel, "duplicate forms": DedupKeyLabel,
		"login addresses": LoginAddrKeyLabel, "family pages": FamilyPageKeyLabel, "staff devices": DeviceKeyLabel,
		"village pages": VillagePageKeyLabel,
	} {
		keys[name] = DeriveKey(root, label)
	}
	for a, ka := range keys {
		for b, kb := range keys {
			if a < b && bytes.Equal(ka, kb) {
				t.Errorf("the %s key is the %s key", a, b)
			}
		}
	}
}
