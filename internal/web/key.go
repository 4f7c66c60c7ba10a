package web

import (
	"crypto/hmac"
	"crypto/sha256"
)

// Labels of the keys derived from the one configured key (--form-key), one
// per purpose: what is signed for one purpose never passes for another, a
// form token for a staff login or the other way round.
const (
	FormTokenLabel = "senderos: form-token key v1"
	StaffKeyLabel  = "senderos: staff-link key v1" // logins half done, set-up secrets
	DedupKeyLabel  = "senderos: duplicate-form key v1"
	// LoginAddrKeyLabel keys the hash that stands for a client address
	// in login throttles and stored locks.
	LoginAddrKeyLabel = "senderos: login address key v1"
	// DeviceKeyLabel signs the cookies of the devices staff have logged
	// in from before.
	DeviceKeyLabel = "senderos: staff-device key v1"
	// FamilyPageKeyLabel keys the form tokens of a family's own page,
	// each bound to the page's link.
	FamilyPageKeyLabel = "senderos: family-page form key v1"
	// VillagePageKeyLabel keys the form tokens of a municipality's
	// private page, each bound to the page's link.
	VillagePageKeyLabel = "senderos: village-page form key v1"
)

// DeriveKey returns the key for the purpose label: an HMAC-SHA256 of the
// label under the configured key, which every replica has.
func DeriveKey(key []byte, label string) []byte {
	return Sign(key, []byte(label))
}

// Sign returns the HMAC-SHA256 of msg under key.
func Sign(key, msg []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write(msg)
	return mac.Sum(nil)
}
