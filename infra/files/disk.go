// Package files stores uploaded files on the local disk.
package files

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

var _ app.FileStore = (*Disk)(nil)

// Permissions of what Disk creates: the server's user reads and writes,
// its group (a backup job, say) reads, others nothing.
const (
	dirPerm  fs.FileMode = 0o750
	filePerm fs.FileMode = 0o640
)

// Disk keeps files under a root directory, one file per key. Every access
// goes through os.Root, so neither a key nor a symbolic link planted in the
// tree can reach outside it. It is safe for concurrent use, also by several
// processes sharing the directory.
type Disk struct {
	root string
}

// NewDisk returns a store rooted at root, creating the directory when it
// does not exist.
func NewDisk(root string) (*Disk, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("files: resolve %q: %w", root, err)
	}
	if err := os.MkdirAll(abs, dirPerm); err != nil {
		return nil, fmt.Errorf("files: create %q: %w", abs, err)
	}
	return &Disk{root: abs}, nil
}

// Put stores data under key, replacing any file there. Readers see either
// the old file or the new one, never a partial write: the data goes to a
// temporary file in the same directory that is then renamed over the key.
// An invalid key is KindInvalid.
func (d *Disk) Put(ctx context.Context, key string, data []byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r, err := os.OpenRoot(d.root)
	if err != nil {
		return fmt.Errorf("files: open root: %w", err)
	}
	defer r.Close()
	dir := path.Dir(key)
	if err := r.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("files: create directory for %q: %w", key, err)
	}
	tmp := path.Join(dir, tempName())
	if err := writeFile(r, tmp, data); err != nil {
		_ = r.Remove(tmp)
		return fmt.Errorf("files: write %q: %w", key, err)
	}
	if err := r.Rename(tmp, key); err != nil {
		_ = r.Remove(tmp)
		return fmt.Errorf("files: replace %q: %w", key, err)
	}
	return nil
}

// Get returns the file at key. A missing file is KindNotFound; an invalid
// key is KindInvalid.
func (d *Disk) Get(ctx context.Context, key string) ([]byte, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(d.root)
	if err != nil {
		return nil, fmt.Errorf("files: open root: %w", err)
	}
	defer r.Close()
	info, err := r.Stat(key)
	switch {
	case errors.Is(err, fs.ErrNotExist) || err == nil && !info.Mode().IsRegular():
		return nil, domain.NotFound("file")
	case err != nil:
		return nil, fmt.Errorf("files: stat %q: %w", key, err)
	}
	data, err := r.ReadFile(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, domain.NotFound("file")
	}
	if err != nil {
		return nil, fmt.Errorf("files: read %q: %w", key, err)
	}
	return data, nil
}

// Delete removes the file at key; a missing file is not an error, and
// neither is a key that names a directory, which holds no file. An invalid
// key is KindInvalid.
func (d *Disk) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r, err := os.OpenRoot(d.root)
	if err != nil {
		return fmt.Errorf("files: open root: %w", err)
	}
	defer r.Close()
	info, err := r.Lstat(key)
	switch {
	case errors.Is(err, fs.ErrNotExist) || err == nil && info.IsDir():
		return nil
	case err != nil:
		return fmt.Errorf("files: stat %q: %w", key, err)
	}
	if err := r.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("files: delete %q: %w", key, err)
	}
	return nil
}

// writeFile creates name, which must not exist, and writes data to stable
// storage before it is renamed into place.
func writeFile(r *os.Root, name string, data []byte) error {
	f, err := r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// tempName returns a fresh name for a temporary file. It starts with a dot,
// which no key element may, so a temporary file never shadows a key.
func tempName() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return ".tmp-" + hex.EncodeToString(b[:])
}
