package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	senderos "github.com/cepaim/senderos"
)

// openAPIEnums says which schema of the OpenAPI document takes its enum from
// which closed list, by the schema's path of keys.
var openAPIEnums = map[string]senderos.List{
	"components/schemas/InterestInput/properties/children/items/properties/stage":          senderos.SchoolStageList,
	"components/schemas/InterestInput/properties/spanish_level":                            senderos.SpanishLevelList,
	"components/schemas/InterestInput/properties/sectors/items":                            senderos.SectorList,
	"components/schemas/InterestInput/properties/move_when":                                senderos.MoveWhenList,
	"components/schemas/InterestInput/properties/channel":                                  senderos.ChannelList,
	"components/schemas/MunicipalityInput/properties/jobs/items/properties/sector":         senderos.SectorList,
	"components/schemas/MunicipalityInput/properties/services/items":                       senderos.ServiceList,
	"components/schemas/HostInput/properties/kind":                                         senderos.HostKindList,
	"components/schemas/HostInput/properties/offers/items":                                 senderos.HostOfferList,
	"components/schemas/HostInput/properties/channel":                                      senderos.ChannelList,
	"components/schemas/Profile/properties/jobs/items/properties/sector":                   senderos.SectorList,
	"components/schemas/Profile/properties/services/items":                                 senderos.ServiceList,
	"components/schemas/Profile/properties/offers/properties/jobs/items/properties/sector": senderos.SectorList,
}

// vocabOpenAPIEnums returns the OpenAPI document doc with the enums of
// openAPIEnums written from the domain, everything else as it was (the order
// of keys kept, indented by one space).
func vocabOpenAPIEnums(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	root, err := readJSON(dec)
	if err != nil {
		return nil, err
	}
	for path, l := range openAPIEnums {
		schema := root.find(strings.Split(path, "/"))
		if schema == nil || schema.kind != '{' {
			return nil, fmt.Errorf("no schema at %s", path)
		}
		enum := &jsonValue{kind: '['}
		for _, v := range l.Values() {
			raw, _ := json.Marshal(v)
			enum.items = append(enum.items, &jsonValue{raw: raw})
		}
		schema.set("enum", enum)
	}
	var compact bytes.Buffer
	root.write(&compact)
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", " "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// jsonValue is a JSON value that keeps the order of an object's keys.
type jsonValue struct {
	kind  byte // '{', '[' or 0 for a scalar in raw
	keys  []string
	items []*jsonValue // an object's values (in the order of keys) or an array's items
	raw   json.RawMessage
}

func readJSON(dec *json.Decoder) (*jsonValue, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(tok); err != nil {
			return nil, err
		}
		return &jsonValue{raw: bytes.TrimSpace(buf.Bytes())}, nil
	}
	v := &jsonValue{kind: byte(d)}
	for dec.More() {
		if d == '{' {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v.keys = append(v.keys, k.(string))
		}
		item, err := readJSON(dec)
		if err != nil {
			return nil, err
		}
		v.items = append(v.items, item)
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return nil, err
	}
	if d != '{' && d != '[' {
		return nil, errors.New("unexpected " + d.String())
	}
	return v, nil
}

// find returns the value at path (object keys; array items by index are not
// needed here), or nil.
func (v *jsonValue) find(path []string) *jsonValue {
	for _, k := range path {
		if v == nil || v.kind != '{' {
			return nil
		}
		next := (*jsonValue)(nil)
		for i, key := range v.keys {
			if key == k {
				next = v.items[i]
			}
		}
		v = next
	}
	return v
}

// set replaces the value of key in an object, or adds it at the end.
func (v *jsonValue) set(key string, val *jsonValue) {
	for i, k := range v.keys {
		if k == key {
			v.items[i] = val
			return
		}
	}
	v.keys = append(v.keys, key)
	v.items = append(v.items, val)
}

func (v *jsonValue) write(w io.Writer) {
	if v.kind == 0 {
		w.Write(v.raw)
		return
	}
	end := byte(']')
	if v.kind == '{' {
		end = '}'
	}
	w.Write([]byte{v.kind})
	for i, item := range v.items {
		if i > 0 {
			w.Write([]byte{','})
		}
		if v.kind == '{' {
			k, _ := json.Marshal(v.keys[i])
			w.Write(k)
			w.Write([]byte{':'})
		}
		item.write(w)
	}
	w.Write([]byte{end})
}
