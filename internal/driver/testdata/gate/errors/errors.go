// Package errors is a stand-in for the standard library's errors.
package errors

type message string

func (m message) Error() string { return string(m) }

// New returns an error with the text.
func New(text string) error { return message(text) }
