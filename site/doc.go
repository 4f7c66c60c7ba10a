// Package site builds the public Hugo site with the Hugo version pinned in
// go.mod and serves the files it produces. The site's configuration, i18n
// strings and data live in this folder; its content in ../content and its
// theme in ../themes.
package site
