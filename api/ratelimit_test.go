package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
)

// TestRateLimitBehindProxies sends forms the way a client behind the
// configured proxies does, writing whatever it likes at the left of
// X-Forwarded-For: only the entries the trusted proxies appended count.
func TestRateLimitBehindProxies(t *testing.T) {
	post := func(t *testing.T, a *testAPI, forwardedFor ...string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/interest", bytes.NewReader([]byte(`{}`)))
		req.Header.Set("Content-Type", "application/json")
		for _, v := range forwardedFor {
			req.Header.Add("X-Forwarded-For", v)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	passed := func(t *testing.T, hops int, header func(i int) []string) int {
		t.Helper()
		a := mustOpenAPI(t, func(c *apiConfig) { c.RateLimit = 10; c.TrustedProxies = hops })
		n := 0
		for i := range 20 {
			if post(t, a, header(i)...) != http.StatusTooManyRequests {
				n++
			}
		}
		return n
	}

	t.Run("ForgedLeftmostValuesShareTheClientsBucket", func(t *testing.T) {
		n := passed(t, 1, func(i int) []string { return []string{fmt.Sprintf("203.0.113.%d, 198.51.100.7", i)} })
		if n != 10 {
			t.Errorf("%d of 20 requests passed a limit of 10 a minute, want 10", n)
		}
	})
	t.Run("ForgedHeaderLinesShareTheClientsBucket", func(t *testing.T) {
		// The proxy appends its own line after the client's.
		n := passed(t, 1, func(i int) []string { return []string{fmt.Sprintf("203.0.113.%d", i), "198.51.100.7"} })
		if n != 10 {
			t.Errorf("%d of 20 requests passed, want 10", n)
		}
	})
	t.Run("TwoProxiesTakeTheSecondFromTheRight", func(t *testing.T) {
		n := passed(t, 2, func(i int) []string { return []string{fmt.Sprintf("203.0.113.%d, 198.51.100.7, 10.0.0.%d", i, i)} })
		if n != 10 {
			t.Errorf("%d of 20 requests passed, want 10", n)
		}
	})
	t.Run("ClientsSeenByTheProxyHaveTheirOwnBuckets", func(t *testing.T) {
		n := passed(t, 1, func(i int) []string { return []string{fmt.Sprintf("203.0.113.1, 198.51.100.%d", i)} })
		if n != 20 {
			t.Errorf("%d of 20 requests from 20 clients passed, want 20", n)
		}
	})
	t.Run("ShortHeaderFallsBackToTheConnection", func(t *testing.T) {
		n := passed(t, 2, func(i int) []string { return []string{fmt.Sprintf("203.0.113.%d", i)} })
		if n != 10 {
			t.Errorf("%d of 20 requests passed, want 10", n)
		}
	})
	t.Run("NoTrustedProxyIgnoresTheHeader", func(t *testing.T) {
		n := passed(t, 0, func(i int) []string { return []string{fmt.Sprintf("198.51.100.%d", i)} })
		if n != 10 {
			t.Errorf("%d of 20 requests passed, want 10", n)
		}
	})
}
