package senderos_test

import (
	"testing"

	"github.com/cepaim/senderos"
)

func TestNewDays(t *testing.T) {
	for _, tt := range []struct {
		in   []int
		want senderos.Days
	}{
		{nil, senderos.Days{}},
		{[]int{7}, senderos.Days{N: 1, Median: 7, P90: 7}},
		{[]int{30, 10, 20}, senderos.Days{N: 3, Median: 20, P90: 20}},
		{[]int{10, 1, 9, 2, 8, 3, 7, 4, 6, 5, 100}, senderos.Days{N: 11, Median: 6, P90: 10}},
	} {
		if got := senderos.NewDays(tt.in); got != tt.want {
			t.Errorf("NewDays(%v) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestRatioPercent(t *testing.T) {
	for r, want := range map[senderos.Ratio]int{{0, 0}: 0, {1, 3}: 33, {2, 3}: 66, {5, 5}: 100} {
		if got := r.Percent(); got != want {
			t.Errorf("%+v.Percent() = %d, want %d", r, got, want)
		}
	}
}
