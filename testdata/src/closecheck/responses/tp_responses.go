// Package responses holds HTTP responses whose Body must be closed: from
// http.Get and a Client's methods, a RoundTripper, or a helper returning
// one of those.
package responses

import (
	"errors"
	"io"
	"net/http"
)

// An error status returns before the deferred close is registered.
func fetchStatus(url string) error {
	resp, err := http.Get(url) // want `closecheck: resp.Body \(from http.Get\) is not closed on the path returning at tp_responses.go:19; add "defer resp.Body.Close\(\)" after the error check`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func do(c *http.Client, req *http.Request) (*http.Response, error) {
	return c.Do(req)
}

// Through a helper of the package that returns the client's response.
func statusOf(c *http.Client, req *http.Request) (int, error) {
	resp, err := do(c, req) // want `closecheck: resp.Body \(from do\) is not closed on the path returning at tp_responses.go:36; add "defer resp.Body.Close\(\)" after the error check`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// A RoundTripper's response, closed on one error path only.
func roundTrip(rt http.RoundTripper, req *http.Request) (io.ReadCloser, error) {
	resp, err := rt.RoundTrip(req) // want `closecheck: resp.Body \(from RoundTrip\) is not closed on the path returning at tp_responses.go:50; close it on that path too`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 500 {
		resp.Body.Close()
		return nil, errors.New("server error")
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil, errors.New("not found")
	}
	return resp.Body, nil
}

// A response dropped unread.
func ping(c *http.Client, url string) error {
	_, err := c.Get(url) // want `closecheck: the \*http.Response returned by http.Client.Get is discarded and never closed; assign it and defer its Body's Close`
	return err
}

// The same helper asked for a GET: the body must be closed.
func (s *restStore) get(key string) ([]byte, error) {
	resp, err := s.request("GET", key) // want `closecheck: resp.Body \(from request\) is not closed on the path returning at tp_responses.go:\d+`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
