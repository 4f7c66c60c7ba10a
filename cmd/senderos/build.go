package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/cepaim/senderos/site"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", "Build the public site into a folder with the pinned Hugo, minified, as Netlify does.", stderr)
	out := fs.String("out", "public", "output folder (emptied first)")
	baseURL := fs.String("base-url", env("BASE_URL", ""), "absolute URL the site is published at (env SENDEROS_BASE_URL); empty keeps \"/\"")
	root := fs.String("root", env("ROOT", ""), "repository root (default: found from the working directory)")
	strict := fs.Bool("strict", false, "fail when Hugo prints a warning or a deprecation")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if *root, err = site.FindRoot(wd); err != nil {
			return err
		}
	}
	hugo := &site.Hugo{Root: *root, Progress: stdout}
	res, err := hugo.Build(ctx, site.BuildOptions{Destination: *out, BaseURL: *baseURL, Minify: true})
	if err != nil {
		return err
	}
	if *strict && len(res.Warnings) > 0 {
		return fmt.Errorf("the build printed %d warning(s)", len(res.Warnings))
	}
	fmt.Fprintf(stdout, "Site written to %s (%d pages, %d files).\n", *out, res.Pages, res.Files)
	return nil
}
