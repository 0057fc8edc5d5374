package files_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/files"
)

func newDisk(t *testing.T) (*files.Disk, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "files")
	d, err := files.NewDisk(root)
	if err != nil {
		t.Fatal(err)
	}
	return d, root
}

func TestNewDiskCreatesRoot(t *testing.T) {
	t.Parallel()
	_, root := newDisk(t)
	info, err := os.Stat(root)
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() || info.Mode().Perm()&0o007 != 0 {
		t.Fatalf("root is %v, want a directory closed to others", info.Mode())
	}
}

func TestPutGetDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, root := newDisk(t)
	const key = "logos/t1/c1/0198a1b2.png"

	if _, err := d.Get(ctx, key); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("Get before Put: %v, want not found", err)
	}
	if err := d.Put(ctx, key, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, key, []byte("second")); err != nil {
		t.Fatal(err)
	}
	got, err := d.Get(ctx, key)
	if err != nil || string(got) != "second" {
		t.Fatalf("Get = %q, %v; want the replacement", got, err)
	}

	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(key)))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm&^0o640 != 0 {
		t.Fatalf("file mode %v, want at most 0640", perm)
	}
	dir, err := os.Stat(filepath.Join(root, "logos", "t1", "c1"))
	if err != nil {
		t.Fatal(err)
	}
	if perm := dir.Mode().Perm(); perm&^0o750 != 0 {
		t.Fatalf("directory mode %v, want at most 0750", perm)
	}
	assertOnlyFile(t, filepath.Dir(filepath.Join(root, filepath.FromSlash(key))), filepath.Base(key))

	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, key); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want not found", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatalf("Delete of a missing file: %v", err)
	}
	if err := d.Delete(ctx, "never/there.png"); err != nil {
		t.Fatalf("Delete in a missing directory: %v", err)
	}
}

func TestEmptyFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, _ := newDisk(t)
	if err := d.Put(ctx, "empty", nil); err != nil {
		t.Fatal(err)
	}
	got, err := d.Get(ctx, "empty")
	if err != nil || len(got) != 0 {
		t.Fatalf("Get = %q, %v", got, err)
	}
}

func TestDirectoryIsNotAFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, root := newDisk(t)
	if err := d.Put(ctx, "logos/t1/a.png", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, "logos/t1"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("Get of a directory: %v, want not found", err)
	}
	if err := d.Delete(ctx, "logos/t1"); err != nil {
		t.Fatalf("Delete of a directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "logos", "t1", "a.png")); err != nil {
		t.Fatalf("Delete of a directory touched its contents: %v", err)
	}
}

func TestRejectsBadKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, root := newDisk(t)
	// A file next to the root that a traversal would reach.
	secret := filepath.Join(filepath.Dir(root), "secret.txt")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	keys := []string{
		"",
		"/etc/passwd",
		"../secret.txt",
		"logos/../../secret.txt",
		"logos/..",
		"..",
		".",
		"./logos/a.png",
		"logos/./a.png",
		"logos//a.png",
		"logos/a.png/",
		`logos\a.png`,
		`..\secret.txt`,
		"logos/a.png\x00.txt",
		"logos/a\n.png",
		"logos/.tmp-0123",
		".hidden",
		string(bytes.Repeat([]byte("a"), 600)),
	}
	for _, key := range keys {
		t.Run(fmt.Sprintf("%q", key), func(t *testing.T) {
			t.Parallel()
			if err := d.Put(ctx, key, []byte("pwned")); domain.KindOf(err) != domain.KindInvalid {
				t.Errorf("Put: %v, want invalid", err)
			}
			if _, err := d.Get(ctx, key); domain.KindOf(err) != domain.KindInvalid {
				t.Errorf("Get: %v, want invalid", err)
			}
			if err := d.Delete(ctx, key); domain.KindOf(err) != domain.KindInvalid {
				t.Errorf("Delete: %v, want invalid", err)
			}
		})
	}
	t.Cleanup(func() {
		if b, err := os.ReadFile(secret); err != nil || string(b) != "secret" {
			t.Errorf("the file outside the root changed: %q, %v", b, err)
		}
	})
}

func TestSymlinkCannotEscapeRoot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, root := newDisk(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if b, err := d.Get(ctx, "link/secret.txt"); err == nil {
		t.Fatalf("read %q through a symlink out of the root", b)
	}
	if err := d.Put(ctx, "link/planted.txt", []byte("x")); err == nil {
		t.Fatal("wrote through a symlink out of the root")
	}
	if err := d.Delete(ctx, "link/secret.txt"); err == nil {
		t.Fatal("Delete followed a symlink out of the root without an error")
	}
	if _, err := os.Stat(filepath.Join(outside, "secret.txt")); err != nil {
		t.Fatalf("deleted a file through a symlink out of the root: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "planted.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a file appeared outside the root: %v", err)
	}
}

func TestConcurrentPutOfOneKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, root := newDisk(t)
	const (
		key     = "logos/t1/c1/logo.png"
		writers = 16
		size    = 256 << 10
	)
	payload := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i)}, size) }

	var wg sync.WaitGroup
	errs := make(chan error, writers*8)
	for i := range writers {
		wg.Go(func() {
			for range 4 {
				if err := d.Put(ctx, key, payload(i)); err != nil {
					errs <- err
				}
			}
		})
	}
	// Readers never see a torn write: every read is one writer's payload.
	for range 4 {
		wg.Go(func() {
			for range 50 {
				got, err := d.Get(ctx, key)
				if domain.KindOf(err) == domain.KindNotFound {
					continue
				}
				if err != nil {
					errs <- err
					continue
				}
				if len(got) != size || !bytes.Equal(got, bytes.Repeat(got[:1], size)) {
					errs <- fmt.Errorf("read a torn file of %d bytes", len(got))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	got, err := d.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != size || got[0] < 'a' || got[0] >= 'a'+writers || !bytes.Equal(got, payload(int(got[0]-'a'))) {
		t.Fatalf("final file is not one writer's payload")
	}
	assertOnlyFile(t, filepath.Join(root, "logos", "t1", "c1"), "logo.png")
}

func TestCanceledContext(t *testing.T) {
	t.Parallel()
	d, _ := newDisk(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Put(ctx, "a.png", []byte("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put: %v, want canceled", err)
	}
}

// assertOnlyFile checks that dir holds exactly one entry, name: no
// temporary file is left behind.
func assertOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != name {
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.Name()
		}
		t.Fatalf("%s holds %v, want only %s", dir, names, name)
	}
}
