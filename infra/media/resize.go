package media

import (
	"image"

	"golang.org/x/image/draw"
)

// fit returns src scaled down so that its longest side is at most side
// pixels, keeping the aspect ratio. Smaller images are returned as they
// are: upscaling only blurs.
func fit(src image.Image, side int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return src
	}
	var nw, nh int
	if w >= h {
		nw, nh = side, scale(h, side, w)
	} else {
		nw, nh = scale(w, side, h), side
	}
	dst := image.NewNRGBA(image.Rect(0, 0, nw, nh))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// scale returns n*num/den rounded to the nearest integer, and at least 1 so
// that a very thin image keeps a visible line.
func scale(n, num, den int) int {
	v := (n*num + den/2) / den
	if v < 1 {
		return 1
	}
	return v
}
