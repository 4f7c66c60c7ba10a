// Package atlas turns the npm package es-atlas (IGN boundaries and INE codes,
// CC BY 4.0) into what the portal needs: the list of Spain's municipalities
// with their province and autonomous community, embedded in the program, and
// a light outline map of Spain that the Hugo site draws as SVG at build time.
//
// The generated files are committed; `senderos atlas --from DIR` writes them
// again from an unpacked es-atlas (npm pack es-atlas).
package atlas
