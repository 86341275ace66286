package responses

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// The fixed twin: the close is deferred right after the error check.
func fetchStatusFixed(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// Decoding reads the body; the deferred close releases it.
func decode(c *http.Client, url string, v any) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// The response, or its body, handed back to the caller.
func fetch(url string) (*http.Response, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func open(c *http.Client, req *http.Request) (io.ReadCloser, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// A helper that drains and closes the body.
func gracefulClose(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func check(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		gracefulClose(resp)
		return errors.New(resp.Status)
	}
	gracefulClose(resp)
	return nil
}

// A RoundTripper may return a nil Body; there is nothing to close then.
func send(rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.Body == nil {
		if resp.ContentLength > 0 {
			return nil, errors.New("nil body with content")
		}
		resp.Body = http.NoBody
	}
	return resp, nil
}

// A response a helper builds itself is no client's: it has no Body.
func retryAfter() *http.Response {
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"1"}}}
}

func wait(err error) int {
	resp := retryAfter()
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// A HEAD response's body is http.NoBody.
func exists(c *http.Client, url string) (bool, error) {
	resp, err := c.Head(url)
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

// A helper asked for a HEAD request by a constant: no body to close.
type restStore struct{ endpoint string }

func (s *restStore) request(method, key string) (*http.Response, error) {
	req, err := http.NewRequest(method, s.endpoint+"/"+key, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func (s *restStore) head(key string) (int, error) {
	resp, err := s.request(http.MethodHead, key)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return 0, errors.New("not found")
	}
	return int(resp.ContentLength), nil
}
