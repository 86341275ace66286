package paths

import (
	"log"
	"os"
	"testing"
)

func panicBranch(addr string) {
	c, err := open(addr)
	if err != nil {
		panic(err)
	}
	if addr == "bad" {
		panic("bad address")
	}
	defer c.Close()
	c.Ping()
}

func fatalBranch(addr string) {
	c, err := open(addr)
	if err != nil {
		log.Fatal(err)
	}
	if c.Ping() != nil {
		log.Fatalf("ping %s", addr)
	}
	if addr == "exit" {
		os.Exit(2)
	}
	c.Close()
}

// die never returns; that is inferred from its body.
func die(msg string) {
	log.Print(msg)
	os.Exit(1)
}

func inferredNoReturn(addr string) {
	c, err := open(addr)
	if err != nil {
		die(err.Error())
	}
	if addr == "x" {
		die("x")
	}
	c.Close()
}

func TestFatalBranch(t *testing.T) {
	c, err := open("a")
	if err != nil {
		t.Fatal(err)
	}
	if c.Ping() != nil {
		t.Fatalf("ping failed")
	}
	c.Close()
}

func fatalThroughTB(tb testing.TB) {
	c, err := open("a")
	if err != nil {
		tb.Fatal(err)
	}
	if c.Ping() != nil {
		tb.FailNow()
	}
	c.Close()
}
