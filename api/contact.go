package api

import (
	"net/url"

	"github.com/cepaim/senderos"
)

// contactInput is how a family's or a host's form says how to reach them.
type contactInput struct {
	Name            string `json:"name"`
	Phone           string `json:"phone"`
	Email           string `json:"email"`
	ContactLanguage string `json:"contact_language"`
	Channel         string `json:"channel"`
}

func (in *contactInput) fromForm(f url.Values) {
	in.Name = f.Get("name")
	in.Phone = f.Get("phone")
	in.Email = f.Get("email")
	in.ContactLanguage = f.Get("contact_language")
	in.Channel = f.Get("channel")
}

// validate checks the contact's fields, and that the channel asked for has
// its phone or e-mail, and returns the contact.
func (in *contactInput) validate(p *problems) senderos.Contact {
	var c senderos.Contact
	c.Name = p.text("name", in.Name, true, 2, 100)
	c.Phone = p.phone("phone", in.Phone, false)
	c.Email = p.email("email", in.Email, false)
	c.Language = p.oneOf("contact_language", in.ContactLanguage, true, senderos.Languages)
	c.Channel = p.oneOf("channel", in.Channel, true, senderos.Channels)
	switch {
	case in.Phone == "" && in.Email == "":
		p.add("phone", msgContactNeeded)
	case (c.Channel == "phone" || c.Channel == "whatsapp") && in.Phone == "":
		p.add("phone", msgPhoneNeeded)
	case c.Channel == "email" && in.Email == "":
		p.add("email", msgEmailNeeded)
	}
	return c
}
