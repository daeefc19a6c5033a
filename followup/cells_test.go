package followup

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// No count from 1 to min-1 is ever shown, and no hidden cell can be computed back
// from the total and the shown cells: every table with hidden cells hides at least
// two (or its total). Tried on many random tables, and on the cases that matter.
func TestSmallCellsAreHiddenAndCannotBeDerived(t *testing.T) {
	check := func(counts []int, min int) {
		t.Helper()
		cells, total := protect(counts, min)
		sum, hidden := 0, 0
		for i, c := range cells {
			sum += counts[i]
			if c.N != counts[i] {
				t.Fatalf("%v: cell %d changed its count", counts, i)
			}
			if !c.Suppressed && c.N > 0 && c.N < min {
				t.Fatalf("%v (min %d): %d shown", counts, min, c.N)
			}
			if c.Suppressed {
				hidden++
			}
		}
		if total.N != sum {
			t.Fatalf("%v: total %d, want %d", counts, total.N, sum)
		}
		for i, c := range cells {
			small := counts[i] > 0 && counts[i] < min
			if c.Suppressed && c.Secondary == small {
				t.Fatalf("%v (min %d): cell %d (%d) hidden as %q", counts, min, i, counts[i], c.Reason())
			}
			if c.Suppressed && c.Text(min) != map[bool]string{true: "< " + fmt.Sprint(min), false: ".."}[small] {
				t.Fatalf("%v (min %d): cell %d (%d) reads %q", counts, min, i, counts[i], c.Text(min))
			}
		}
		if !total.Suppressed && hidden == 1 {
			t.Fatalf("%v (min %d): one hidden cell and a shown total: it can be derived", counts, min)
		}
		if total.Suppressed != (sum > 0 && sum < min) {
			t.Fatalf("%v: total %d hidden=%v", counts, sum, total.Suppressed)
		}
	}
	check([]int{2, 0, 5}, 3)
	check([]int{1, 1, 0}, 3)
	check([]int{0, 0, 7}, 3)
	check([]int{2, 9, 4, 30}, 3)
	check([]int{4, 4}, 5)
	cells, total := protect([]int{2, 0, 5, 9}, 3)
	if !cells[0].Suppressed || cells[1].Suppressed || !cells[2].Suppressed || cells[3].Suppressed || total.Suppressed {
		t.Errorf("[2 0 5 9]: %+v %+v; want 2 hidden, 5 hidden with it, the zero, 9 and the total shown", cells, total)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		counts := make([]int, 1+r.IntN(8))
		for i := range counts {
			counts[i] = r.IntN(7)
		}
		check(counts, 2+r.IntN(4))
	}
}

func TestSuppressedCellsInJSON(t *testing.T) {
	b, _ := Cell{N: 2, Suppressed: true}.MarshalJSON()
	if string(b) != `{"suppressed":true,"reason":"small"}` {
		t.Errorf("hidden: %s", b)
	}
	b, _ = Cell{N: 17, Suppressed: true, Secondary: true}.MarshalJSON()
	if string(b) != `{"suppressed":true,"reason":"secondary"}` {
		t.Errorf("hidden to protect another: %s", b)
	}
	if (Cell{N: 17, Suppressed: true, Secondary: true}).Text(3) != ".." {
		t.Error("text of a cell hidden to protect another")
	}
	b, _ = Cell{N: 12}.MarshalJSON()
	if string(b) != "12" {
		t.Errorf("shown: %s", b)
	}
	if (Cell{N: 1, Suppressed: true}).Text(3) != "< 3" {
		t.Error("text of a hidden cell")
	}
}
