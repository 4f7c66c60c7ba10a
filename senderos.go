// Package senderos holds the domain of the Nuevos Senderos portal: the things
// the programme deals with (submissions, municipalities, resources), their
// error codes and the service interfaces that the storage, search and HTTP
// packages implement or use. It imports only the standard library; every
// outside thing (database, search engine, Hugo, HTTP) lives in a package of
// its own and talks to the others in these types.
package senderos
