package richtext_test

import (
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/richtext"
)

// jobAd is a typical job description: a few headings, lists, links and a table.
var jobAd = strings.Repeat(`## About the role

We are looking for a **senior engineer** to join our *platform* team.
Read more at https://example.com/careers or [apply here](https://example.com/apply).

- Go, PostgreSQL, Kubernetes
- 5+ years of experience
- ~~No~~ Remote friendly

| Benefit | Detail |
|---------|-------:|
| Holidays | 30 days |
| Budget | €2,000 |

> We value kindness. <script>alert(1)</script>

`, 4)

func BenchmarkRender(b *testing.B) {
	md := richtext.New()
	b.ReportAllocs()
	b.SetBytes(int64(len(jobAd)))
	for b.Loop() {
		_ = md.Render(jobAd)
	}
}
