package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/cepaim/senderos/atlas"
)

func runAtlas(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("atlas", "Regenerate atlas/municipalities.csv, site/data/spainmap.json and site/data/areas.json from an unpacked\nnpm package es-atlas (npm pack es-atlas@0.6.0 && tar xzf es-atlas-0.6.0.tgz).", stderr)
	from := fs.String("from", "package", "folder of the unpacked es-atlas package (holds es/municipalities.json)")
	root := fs.String("root", ".", "repository root")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Reading %s…\n", filepath.Join(*from, "es", "municipalities.json"))
	g, err := atlas.Generate(*from, filepath.Join(*root, "atlas", "municipalities.csv"), filepath.Join(*root, "site", "data", "spainmap.json"),
		filepath.Join(*root, "site", "data", "areas.json"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d municipalities and a map of %d bytes of path data.\n", g.Municipalities, g.MapBytes)
	return nil
}
