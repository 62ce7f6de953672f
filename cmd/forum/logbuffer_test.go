package main

import (
	"strings"
	"testing"
	"time"
)

// Write lets the log buffer write to the tests' shared buffer.
func (b *syncBuffer) Write(p []byte) (int, error) {
	b.WriteString(string(p))
	return len(p), nil
}

// Lines reach the output by themselves shortly after they are written, and
// all of them by Close.
func TestLogBufferWritesOutOnItsOwnAndOnClose(t *testing.T) {
	var out syncBuffer
	b := newLogBuffer(&out)
	b.Write([]byte("first line\n"))
	deadline := time.Now().Add(20 * logFlushEvery)
	for !strings.Contains(out.String(), "first line") {
		if time.Now().After(deadline) {
			t.Fatalf("the first line was not written out after %s", 20*logFlushEvery)
		}
		time.Sleep(logFlushEvery / 4)
	}
	b.Write([]byte("last line\n"))
	b.Close()
	if got := out.String(); got != "first line\nlast line\n" {
		t.Errorf("output = %q", got)
	}
}
