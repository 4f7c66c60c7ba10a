package web

import (
	"net"
	"net/http"
	"strings"
)

// ClientAddr is the client's IP: the connection's, or, behind
// trustedProxies proxies, the address the outermost of them saw. Each
// proxy appends the address that connected to it to X-Forwarded-For, so
// that one is the trustedProxies-th entry from the right; whatever stands
// left of it the client wrote itself. A header with fewer entries than
// trusted proxies, or a malformed entry, falls back to the connection's
// address: a client never chooses its own address.
func ClientAddr(r *http.Request, trustedProxies int) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if trustedProxies <= 0 {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	if len(hops) < trustedProxies {
		return host
	}
	if ip := net.ParseIP(strings.TrimSpace(hops[len(hops)-trustedProxies])); ip != nil {
		return ip.String()
	}
	return host
}
