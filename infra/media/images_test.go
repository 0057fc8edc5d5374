package media_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/media"
)

// Tiny valid WebP files (1×1): lossy (VP8), lossless (VP8L) and lossy
// with an alpha channel (VP8X + ALPH + VP8).
const (
	webpLossy     = "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA"
	webpLossless  = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="
	webpWithAlpha = "UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA=="
)

func TestLogoAccepts(t *testing.T) {
	t.Parallel()
	im := media.NewImages()
	tests := []struct {
		name         string
		data         []byte
		wantW, wantH int
	}{
		{"wide png", pngImage(t, 1200, 300), 400, 100},
		{"tall jpeg", jpegImage(t, 300, 1200), 100, 400},
		{"square png", pngImage(t, 1000, 1000), 400, 400},
		{"exact size png", pngImage(t, 400, 250), 400, 250},
		{"small png is not upscaled", pngImage(t, 200, 100), 200, 100},
		{"small jpeg is not upscaled", jpegImage(t, 64, 48), 64, 48},
		{"thin png keeps a line", pngImage(t, 4001, 1), 400, 1},
		{"paletted png", palettedPNG(t, 800, 600), 400, 300},
		{"lossy webp", decode64(t, webpLossy), 1, 1},
		{"lossless webp", decode64(t, webpLossless), 1, 1},
		{"webp with alpha", decode64(t, webpWithAlpha), 1, 1},
		{"large lossless webp", losslessWebP(t, 1200, 300), 400, 100},
		{"webp at the side limit", losslessWebP(t, 8000, 500), 400, 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := im.Logo(tt.data)
			if err != nil {
				t.Fatalf("Logo: %v", err)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(out))
			if err != nil || format != "png" {
				t.Fatalf("output is not a PNG: format %q, err %v", format, err)
			}
			if cfg.Width != tt.wantW || cfg.Height != tt.wantH {
				t.Fatalf("output is %dx%d, want %dx%d", cfg.Width, cfg.Height, tt.wantW, tt.wantH)
			}
			if _, err := png.Decode(bytes.NewReader(out)); err != nil {
				t.Fatalf("output does not decode: %v", err)
			}
		})
	}
}

func TestLogoStripsMetadata(t *testing.T) {
	t.Parallel()
	const secret = "GPS 51.5007,-0.1246 camera-serial-0042"
	tests := []struct {
		name string
		data []byte
	}{
		{"png text chunk", withPNGChunk(t, pngImage(t, 50, 50), "tEXt", []byte("Comment\x00"+secret))},
		{"jpeg exif segment", withJPEGSegment(jpegImage(t, 50, 50), 0xE1, []byte("Exif\x00\x00"+secret))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !bytes.Contains(tt.data, []byte(secret)) {
				t.Fatal("test input lacks the metadata")
			}
			out, err := media.NewImages().Logo(tt.data)
			if err != nil {
				t.Fatalf("Logo: %v", err)
			}
			if bytes.Contains(out, []byte(secret)) {
				t.Fatal("metadata survived re-encoding")
			}
		})
	}
}

func TestLogoRefuses(t *testing.T) {
	t.Parallel()
	im := media.NewImages()
	valid := pngImage(t, 120, 120)
	jpg := jpegImage(t, 120, 120)
	tooBig := make([]byte, media.MaxLogoBytes+1)
	copy(tooBig, valid)
	atLimit := make([]byte, media.MaxLogoBytes)
	copy(atLimit, "hello")
	tests := []struct {
		name     string
		data     []byte
		wantKind domain.Kind
		wantCode string
	}{
		{"empty", nil, domain.KindUnsupported, "unsupported_image"},
		{"text named .png", []byte("hello"), domain.KindUnsupported, "unsupported_image"},
		{"elf executable", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 64)...), domain.KindUnsupported, "unsupported_image"},
		{"windows executable", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...), domain.KindUnsupported, "unsupported_image"},
		{"gif", gifImage(t), domain.KindUnsupported, "unsupported_image"},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>`), domain.KindUnsupported, "unsupported_image"},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), domain.KindUnsupported, "unsupported_image"},
		{"png magic then garbage", append([]byte("\x89PNG\r\n\x1a\n"), "not really a png at all"...), domain.KindUnsupported, "unsupported_image"},
		{"truncated png", valid[:len(valid)/2], domain.KindUnsupported, "unsupported_image"},
		{"png with corrupt pixels", corruptIDAT(t, valid), domain.KindUnsupported, "unsupported_image"},
		{"truncated jpeg", jpg[:len(jpg)/2], domain.KindUnsupported, "unsupported_image"},
		{"jpeg magic then garbage", []byte("\xff\xd8\xff\xe0 garbage"), domain.KindUnsupported, "unsupported_image"},
		{"corrupt webp", []byte("RIFF\x20\x00\x00\x00WEBPVP8 \x10\x00\x00\x00garbage-garbage!"), domain.KindUnsupported, "unsupported_image"},
		{"riff that is not webp", []byte("RIFF\x20\x00\x00\x00WAVEfmt \x10\x00\x00\x00"), domain.KindUnsupported, "unsupported_image"},
		{"png with zero width", pngWithSize(t, 0, 10), domain.KindUnsupported, "unsupported_image"},
		{"just over 2 MiB", tooBig, domain.KindTooLarge, "file_too_large"},
		{"text of exactly 2 MiB is checked for type", atLimit, domain.KindUnsupported, "unsupported_image"},
		{"png 50000x50000", pngWithSize(t, 50000, 50000), domain.KindInvalid, "validation_failed"},
		{"png wider than the limit", pngWithSize(t, 9000, 10), domain.KindInvalid, "validation_failed"},
		{"png over 40 megapixels", pngWithSize(t, 7000, 7000), domain.KindInvalid, "validation_failed"},
		{"webp 16000x16000", losslessWebP(t, 16000, 16000), domain.KindInvalid, "validation_failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := im.Logo(tt.data)
			if err == nil {
				t.Fatalf("Logo accepted it (%d bytes out)", len(out))
			}
			var de *domain.Error
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *domain.Error", err)
			}
			if de.Kind != tt.wantKind || de.Code != tt.wantCode {
				t.Fatalf("got kind %v code %q, want %v %q (%v)", de.Kind, de.Code, tt.wantKind, tt.wantCode, err)
			}
			if de.Fields["logo"] == "" {
				t.Fatalf("error does not name the logo field: %v", err)
			}
		})
	}
}

// TestLogoHugeHeaderDoesNotAllocate is not parallel so that the allocation
// count is its own.
func TestLogoHugeHeaderDoesNotAllocate(t *testing.T) {
	bomb := pngWithSize(t, 50000, 50000)
	im := media.NewImages()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := im.Logo(bomb)
	runtime.ReadMemStats(&after)
	if domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("got %v, want an invalid error", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Fatalf("refusing a 50000x50000 header allocated %d bytes", grew)
	}
}

func decode64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pattern draws gradients with a sprinkle of reproducible noise: encoded
// files stay small but have real pixel data to truncate or corrupt.
func pattern(w, h int) *image.NRGBA {
	r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{R: byte(x), G: byte(y), B: byte(x ^ y), A: 255}
			if r.UintN(50) == 0 {
				c.B = byte(r.UintN(256))
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, pattern(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func palettedPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White, color.Transparent})
	for i := range img.Pix {
		img.Pix[i] = byte(i % 3)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegImage(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, pattern(w, h), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gifImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 16, 16), color.Palette{color.Black, color.White})
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngWithSize returns a 1×1 PNG whose header claims w×h pixels, with a
// correct header checksum so that only the size gives it away.
func pngWithSize(t *testing.T, w, h uint32) []byte {
	t.Helper()
	b := pngImage(t, 1, 1)
	// Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4),
	// five one-byte fields, then the CRC of type and data.
	binary.BigEndian.PutUint32(b[16:20], w)
	binary.BigEndian.PutUint32(b[20:24], h)
	binary.BigEndian.PutUint32(b[29:33], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// withPNGChunk inserts a chunk right after IHDR.
func withPNGChunk(t *testing.T, b []byte, typ string, data []byte) []byte {
	t.Helper()
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, typ...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	out := append([]byte{}, b[:afterIHDR]...)
	out = append(out, chunk...)
	return append(out, b[afterIHDR:]...)
}

// corruptIDAT flips bytes inside the first IDAT chunk and fixes its CRC, so
// that the file parses but its compressed pixels do not.
func corruptIDAT(t *testing.T, b []byte) []byte {
	t.Helper()
	out := append([]byte{}, b...)
	i := bytes.Index(out, []byte("IDAT"))
	if i < 4 {
		t.Fatal("no IDAT chunk")
	}
	n := int(binary.BigEndian.Uint32(out[i-4 : i]))
	data := out[i+4 : i+4+n]
	for j := 2; j < len(data); j += 7 {
		data[j] ^= 0xA5
	}
	binary.BigEndian.PutUint32(out[i+4+n:], crc32.ChecksumIEEE(out[i:i+4+n]))
	return out
}

// withJPEGSegment inserts an application segment right after the SOI marker.
func withJPEGSegment(b []byte, marker byte, data []byte) []byte {
	seg := []byte{0xFF, marker}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(data)+2))
	seg = append(seg, data...)
	out := append([]byte{}, b[:2]...)
	out = append(out, seg...)
	return append(out, b[2:]...)
}

// losslessWebP returns a transparent lossless WebP of w×h pixels. The 1×1
// file's pixels are coded with zero-length Huffman codes, so the same
// bitstream decodes at any size once the header says so.
func losslessWebP(t *testing.T, w, h uint32) []byte {
	t.Helper()
	b := decode64(t, webpLossless)
	// RIFF header (12), "VP8L" and its length (8), signature byte 0x2f,
	// then 14 bits width-1, 14 bits height-1, the alpha bit and a version.
	const at = 21
	rest := binary.LittleEndian.Uint32(b[at:at+4]) &^ (1<<28 - 1)
	binary.LittleEndian.PutUint32(b[at:at+4], (w-1)|(h-1)<<14|rest)
	return b
}
