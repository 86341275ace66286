package files

import (
	"os"
	"os/exec"
)

func writeFileClosed(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// exec.Cmd pipes are closed by Wait.
func pipe() error {
	cmd := exec.Command("true")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	out.Read(make([]byte, 1))
	return cmd.Wait()
}
