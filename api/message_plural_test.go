package api

import "testing"

// TestCountsChooseThePluralForm reads the texts that carry a count through
// the helpers the handlers and templates use: the form follows the count,
// in Arabic all six.
func TestCountsChooseThePluralForm(t *testing.T) {
	for _, tt := range []struct {
		name, got, want string
	}{
		{"ProblemOneCharacter", text("en", msgTooShort, 1), "Write at least 1 character."},
		{"ProblemCharacters", text("es", msgTooLong, 80), "Escribe como máximo 80 caracteres."},
		{"ProblemArabicTwo", text("ar", msgTooShort, 2), "اكتبوا حرفين على الأقل."},
		{"ProblemArabicFew", text("ar", msgTooShort, 3), "اكتبوا 3 أحرف على الأقل."},
		{"ProblemArabicMany", text("ar", msgTooLong, 80), "اكتبوا 80 حرفًا على الأكثر."},
		{"ProblemArabicOther", text("ar", msgTooLong, 200), "اكتبوا 200 حرف على الأكثر."},
		{"ProblemUnknownLanguage", text("de", msgTooShort, 1), "Escribe al menos 1 carácter."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
