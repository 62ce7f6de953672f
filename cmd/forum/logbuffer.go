package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logFlushEvery bounds how long a log line waits in memory while serving.
const logFlushEvery = 100 * time.Millisecond

// logBuffer gathers the server's log lines and writes them out every
// logFlushEvery (or sooner, when 32 KiB have gathered), instead of one
// write to the terminal or file per request: under load that write was a
// tenth of the server's time. Close writes out what is left. A crash that
// skips Close can lose the last tenth of a second of lines.
type logBuffer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newLogBuffer(out io.Writer) *logBuffer {
	b := &logBuffer{w: bufio.NewWriterSize(out, 32<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushEvery(logFlushEvery)
	return b
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

func (b *logBuffer) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.w.Flush() // nowhere to report a failing log
}

func (b *logBuffer) flushEvery(d time.Duration) {
	defer close(b.done)
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.flush()
		case <-b.stop:
			b.flush()
			return
		}
	}
}

// Close writes out the lines still waiting and stops the flushing.
func (b *logBuffer) Close() error {
	close(b.stop)
	<-b.done
	return nil
}
