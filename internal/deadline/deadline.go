// Package deadline gives tests a context that ends after a set number of
// checks instead of at a time: AfterChecks(parent, n) answers nil to the
// first n calls of Err, then ends (Done closes, Err is
// context.DeadlineExceeded). A test stops a CPU-bound computation at a
// chosen point of its own work, the same at every run and on any machine,
// and counts how many checks the computation made after the end (how
// promptly it stopped). A clock cannot do this: in a testing/synctest
// bubble time does not advance while a goroutine computes, and real
// deadlines depend on the machine's load.
package deadline

import (
	"context"
	"sync"
	"time"
)

// Context is a context ending after a number of Err checks.
type Context struct {
	parent context.Context
	done   chan struct{}

	mu     sync.Mutex
	left   int // checks answered nil before the end
	checks int // every check
	after  int // checks made after the end
	ended  bool
}

// AfterChecks returns a context whose Err answers nil n times, then
// context.DeadlineExceeded. Values come from parent; parent's own end is
// not followed.
func AfterChecks(parent context.Context, n int) *Context {
	return &Context{parent: parent, done: make(chan struct{}), left: n}
}

// Err counts a check and ends the context at the n+1st.
func (c *Context) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checks++
	if c.ended {
		c.after++
		return context.DeadlineExceeded
	}
	if c.left > 0 {
		c.left--
		return nil
	}
	c.ended = true
	close(c.done)
	return context.DeadlineExceeded
}

// Done is closed once the context has ended.
func (c *Context) Done() <-chan struct{} { return c.done }

// Deadline reports none: the end is counted in checks, not time.
func (c *Context) Deadline() (time.Time, bool) { return time.Time{}, false }

// Value is parent's.
func (c *Context) Value(key any) any { return c.parent.Value(key) }

// Checks is the number of Err calls so far.
func (c *Context) Checks() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.checks
}

// Ended reports whether the context has ended, and how many checks were
// made after it did.
func (c *Context) Ended() (ended bool, checksAfter int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended, c.after
}
