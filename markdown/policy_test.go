package markdown

import "testing"

// TestPolicy gives the sanitiser HTML that goldmark would never write, so
// that each of its rules is tested on its own and not only behind goldmark.
func TestPolicy(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"DropsH1", "<h1>Título</h1>", "Título"},
		{"KeepsH2", "<h2>Título</h2>", "<h2>Título</h2>"},
		{"DropsImageTitleAndHandlers", `<img src="https://example.org/a.png" alt="a" title="t" onerror="x()">`, `<img src="https://example.org/a.png" alt="a">`},
		{"DropsImageScriptSource", `<img src="javascript:alert(1)" alt="a">`, `<img alt="a">`},
		{"DropsLinkTitle", `<a href="https://example.org" title="t">x</a>`, `<a href="https://example.org" rel="nofollow noreferrer">x</a>`},
		{"DropsScriptLink", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"DropsUnparseableLink", `<a href="https://exa mple.org/%zz">x</a>`, `x`},
		{"KeepsMailto", `<a href="mailto:rural@cepaim.org">x</a>`, `<a href="mailto:rural@cepaim.org" rel="nofollow noreferrer">x</a>`},
		{"KeepsRelative", `<a href="/municipios/">x</a>`, `<a href="/municipios/" rel="nofollow noreferrer">x</a>`},
		{"DropsStyle", `<p style="color:red">x</p>`, `<p>x</p>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := policy.Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
