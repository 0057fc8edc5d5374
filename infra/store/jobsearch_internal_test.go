package store

import (
	"strings"
	"testing"
)

// TestBriefColumnsLeaveOnlyTheDescriptionsOut guards the brief list select
// against a change of jobColumns that would make it select everything.
func TestBriefColumnsLeaveOnlyTheDescriptionsOut(t *testing.T) {
	if briefJobColumns == jobColumns || !strings.Contains(briefJobColumns, "'' AS description, '' AS description_html") {
		t.Fatalf("brief columns do not leave the descriptions out: %s", briefJobColumns)
	}
	if strings.Count(briefJobColumns, ",") != strings.Count(jobColumns, ",") {
		t.Errorf("brief columns select a different number of columns")
	}
}
