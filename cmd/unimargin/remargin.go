// remargin: being built.
package main

type remarginCmd struct{}

func (c *remarginCmd) Run(e *env) error { return usagef("remargin is not available yet") }
