package backoffice

import (
	"fmt"
	"strings"

	"rsc.io/qr"
)

// qrQuiet is the blank margin around a QR code, in modules, that readers
// need to find it.
const qrQuiet = 4

// qrCode is a QR code ready to draw as an SVG path: drawn on the server, so
// the set-up page needs no script and asks no other site for an image.
type qrCode struct {
	Side int    // modules on a side, quiet zone included
	Path string // SVG path data: strokes one module thick over the dark modules
}

// newQRCode encodes text, in about 4 KB of path data for an otpauth URI.
func newQRCode(text string) (qrCode, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return qrCode{}, fmt.Errorf("qr code: %w", err)
	}
	// Each run of dark modules in a row is one stroke, reached by a
	// relative move from where the last one ended.
	var d strings.Builder
	penX, penY := 0, 0
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < code.Size && code.Black(x+run, y) {
				run++
			}
			if d.Len() == 0 {
				fmt.Fprintf(&d, "M%d %d.5h%d", x+qrQuiet, y+qrQuiet, run)
			} else {
				fmt.Fprintf(&d, "m%d %dh%d", x+qrQuiet-penX, y+qrQuiet-penY, run)
			}
			penX, penY = x+qrQuiet+run, y+qrQuiet
			x += run
		}
	}
	return qrCode{Side: code.Size + 2*qrQuiet, Path: d.String()}, nil
}
