package backoffice

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	qrreader "github.com/makiuchi-d/gozxing/qrcode"
)

// rasterQR paints the path that newQRCode drew, scale pixels per module,
// so that a QR reader can read it back.
func rasterQR(tb testing.TB, code qrCode, scale int) image.Image {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, code.Side*scale, code.Side*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	// The path is "Mx y.5hN" then "mDX DYhN" for each further run.
	var x, y int
	for i, seg := range strings.Split(code.Path, "m") {
		var dx, dy, run int
		var err error
		if i == 0 {
			_, err = fmt.Sscanf(seg, "M%d %d.5h%d", &dx, &dy, &run)
		} else {
			_, err = fmt.Sscanf(seg, "%d %dh%d", &dx, &dy, &run)
		}
		if err != nil {
			tb.Fatalf("segment %q: %v", seg, err)
		}
		x, y = x+dx, y+dy
		for px := x * scale; px < (x+run)*scale; px++ {
			for py := y * scale; py < (y+1)*scale; py++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
		x += run
	}
	return img
}

func TestQRCodeReadsBack(t *testing.T) {
	uri := totpURI([]byte("12345678901234567890"), "ana.lópez@cepaim.example")
	code, err := newQRCode(uri)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(rasterQR(t, code, 4))
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrreader.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("a QR reader cannot read the code: %v", err)
	}
	if res.GetText() != uri {
		t.Errorf("read %q, want %q", res.GetText(), uri)
	}
	if n := len(code.Path); n > 5000 {
		t.Errorf("path is %d bytes, want about 4 KB", n)
	}
}
