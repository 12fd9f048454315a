// loadtest: being built.
package main

type loadtestCmd struct{}

func (c *loadtestCmd) Run(e *env) error { return usagef("loadtest is not available yet") }
