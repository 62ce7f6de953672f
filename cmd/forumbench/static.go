package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Page is one response kept whole, so that a static copy can serve it again.
type Page struct {
	Status      int
	ContentType string
	Body        []byte
}

// fetchPage loads url once with client and keeps the response. A status
// other than 2xx is an error: there would be nothing worth measuring.
func fetchPage(ctx context.Context, client *http.Client, url string) (Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Page{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return Page{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Page{}, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Page{}, fmt.Errorf("GET %s: HTTP %d", req.URL.RequestURI(), resp.StatusCode)
	}
	return Page{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}

// StaticServer serves one Page's exact bytes, with its status and
// Content-Type and a Content-Length, at every path of a loopback port. It
// is the baseline a forum page is compared with: the same response from a
// server that does no work but writing it.
type StaticServer struct {
	URL string // "http://127.0.0.1:PORT", no trailing slash
	srv *http.Server
}

// startStatic starts a StaticServer for p on 127.0.0.1 and a free port.
func startStatic(p Page) (*StaticServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	length := []string{strconv.Itoa(len(p.Body))}
	contentType := []string{p.ContentType}
	if p.ContentType == "" {
		contentType = nil // a nil value stops net/http sniffing one
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h["Content-Type"] = contentType
		h["Content-Length"] = length
		w.WriteHeader(p.Status)
		w.Write(p.Body) // an error means the client hung up: nothing to do
	})
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) // returns ErrServerClosed on Close
	return &StaticServer{URL: "http://" + ln.Addr().String(), srv: srv}, nil
}

// Close stops the server and drops its connections.
func (s *StaticServer) Close() error { return s.srv.Close() }
