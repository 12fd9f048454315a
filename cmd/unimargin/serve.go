// serve: being built.
package main

type serveCmd struct{}

func (c *serveCmd) Run(e *env) error { return usagef("serve is not available yet") }
