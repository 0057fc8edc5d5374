package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// format is an accepted image format with its own decoders. Calling the
// decoders directly, rather than image.Decode, keeps formats that other
// packages register (GIF, BMP ...) out.
type format struct {
	name         string
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

var (
	formatPNG  = format{name: "png", decodeConfig: png.DecodeConfig, decode: png.Decode}
	formatJPEG = format{name: "jpeg", decodeConfig: jpeg.DecodeConfig, decode: jpeg.Decode}
	formatWebP = format{name: "webp", decodeConfig: webp.DecodeConfig, decode: webp.Decode}
)

var (
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
)

// sniff tells the format of data from its first bytes; a file name or a
// declared content type says nothing about what a file is.
func sniff(data []byte) (format, bool) {
	switch {
	case bytes.HasPrefix(data, magicPNG):
		return formatPNG, true
	case bytes.HasPrefix(data, magicJPEG):
		return formatJPEG, true
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return formatWebP, true
	}
	return format{}, false
}
