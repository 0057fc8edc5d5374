// Package media checks and normalises uploaded images.
package media

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

var _ app.Images = (*Images)(nil)

// Limits on uploaded logos.
const (
	// MaxLogoBytes is the largest logo file accepted.
	MaxLogoBytes = 2 << 20
	// MaxLogoSide is the longest side, in pixels, of a stored logo.
	MaxLogoSide = 400
	// MaxSourceSide is the longest side, in pixels, of an image that will
	// be decoded at all.
	MaxSourceSide = 8000
	// MaxSourcePixels is the largest area, in pixels, of an image that will
	// be decoded at all. Together with MaxSourceSide it caps the memory a
	// small, highly compressed file can make the decoder allocate.
	MaxSourcePixels = 16_000_000
)

// logoField names the form field in every error about a logo.
const logoField = "logo"

// Images checks uploaded images by their content and re-encodes them. It
// is safe for concurrent use.
type Images struct {
	encoder png.Encoder
}

// NewImages returns an image checker.
func NewImages() *Images {
	return &Images{encoder: png.Encoder{CompressionLevel: png.DefaultCompression}}
}

// Logo checks that data is a PNG, JPEG or WebP image by its content and
// returns it as a PNG whose longest side is at most MaxLogoSide pixels.
// Re-encoding drops any metadata the file carried. A file over
// MaxLogoBytes is KindTooLarge; one that is not such an image, or is
// corrupt, is KindUnsupported; an image too large to decode safely is
// KindInvalid. Each names the field "logo".
func (im *Images) Logo(data []byte) ([]byte, error) {
	if len(data) > MaxLogoBytes {
		const msg = "the logo is larger than 2 MB"
		return nil, &domain.Error{Kind: domain.KindTooLarge, Code: "file_too_large", Message: msg, Fields: map[string]string{logoField: msg}}
	}
	f, ok := sniff(data)
	if !ok {
		return nil, unsupported(nil)
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, unsupported(fmt.Errorf("read %s header: %w", f.name, err))
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	src, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, unsupported(fmt.Errorf("decode %s: %w", f.name, err))
	}
	var out bytes.Buffer
	if err := im.encoder.Encode(&out, fit(src, MaxLogoSide)); err != nil {
		return nil, fmt.Errorf("encode logo as png: %w", err)
	}
	return out.Bytes(), nil
}

// checkDimensions refuses images that would take too much memory to decode.
func checkDimensions(w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return unsupported(fmt.Errorf("image has no pixels (%dx%d)", w, h))
	case w > MaxSourceSide || h > MaxSourceSide || int64(w)*int64(h) > MaxSourcePixels:
		return domain.Invalid(logoField, fmt.Sprintf("the image must be at most %d×%d pixels and %d megapixels", MaxSourceSide, MaxSourceSide, MaxSourcePixels/1_000_000))
	}
	return nil
}

// unsupported is the error for a file that is not an accepted image.
func unsupported(cause error) *domain.Error {
	const msg = "the logo must be a PNG, JPEG or WebP image"
	return &domain.Error{Kind: domain.KindUnsupported, Code: "unsupported_image", Message: msg, Fields: map[string]string{logoField: msg}, Err: cause}
}
