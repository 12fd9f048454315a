// worker: being built.
package main

type workerCmd struct{}

func (c *workerCmd) Run(e *env) error { return usagef("worker is not available yet") }
