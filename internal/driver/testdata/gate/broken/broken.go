// Package broken does not type-check.
package broken

func Broken() int { return "not an int" }
