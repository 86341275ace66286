package files

import (
	"context"
	"io"

	"cloud.google.com/go/storage"
)

// A Cloud Storage writer must not be closed when the upload fails: Close
// would commit a partial object. Cancelling the context abandons it.
func upload(ctx context.Context, obj *storage.ObjectHandle, r io.Reader) error {
	w := obj.NewWriter(ctx)
	if _, err := io.Copy(w, r); err != nil {
		return err
	}
	return w.Close()
}
