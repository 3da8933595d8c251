package spec

// A line diff, the fallback for the parts of a spec the model keeps as
// text. It is Myers' O((N+M)·D) algorithm after trimming the common ends,
// with D capped: two texts that differ in more than maxEdits lines are
// reported as one replacement, so a hostile pair of files costs bounded
// time and memory.

// LineOp is one line of a diff: Op is ' ' (kept), '-' (only in the old
// text) or '+' (only in the new).
type LineOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Hunk is a run of changed lines with up to hunkContext kept lines around
// it. OldLine and NewLine are the 1-based numbers of its first line in
// each text.
type Hunk struct {
	OldLine int      `json:"old_line"`
	NewLine int      `json:"new_line"`
	Lines   []LineOp `json:"lines"`
}

const (
	maxEdits    = 1000
	hunkContext = 2
)

// LineDiff returns the hunks that turn a into b; none when they are
// equal.
func LineDiff(a, b []string) []Hunk {
	return hunks(lineOps(a, b))
}

// lineOps returns every line of a and b as kept, removed or added.
func lineOps(a, b []string) []LineOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out []LineOp
	for _, l := range a[:pre] {
		out = append(out, LineOp{" ", l})
	}
	out = append(out, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		out = append(out, LineOp{" ", l})
	}
	return out
}

// myers returns the shortest edit script from a to b, or every line of a
// removed and every line of b added when it needs more than maxEdits.
func myers(a, b []string) []LineOp {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaceAll(a, b)
	}
	dmax := min(n+m, maxEdits)
	// trace[d] holds the furthest x reached on diagonals -d..d after d
	// edits, stored at index k+d.
	var trace [][]int
	off := dmax + 1
	v := make([]int, 2*dmax+3)
	for d := 0; d <= dmax; d++ {
		row := make([]int, 2*d+1)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			row[k+d] = x
			if x >= n && y >= m {
				trace = append(trace, row)
				return backtrack(a, b, trace)
			}
		}
		trace = append(trace, row)
	}
	return replaceAll(a, b)
}

func backtrack(a, b []string, trace [][]int) []LineOp {
	x, y := len(a), len(b)
	var rev []LineOp
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1]
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			rev = append(rev, LineOp{" ", a[x]})
		}
		if x == px {
			y--
			rev = append(rev, LineOp{"+", b[y]})
		} else {
			x--
			rev = append(rev, LineOp{"-", a[x]})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, LineOp{" ", a[x]})
	}
	out := make([]LineOp, len(rev))
	for i, op := range rev {
		out[len(rev)-1-i] = op
	}
	return out
}

func replaceAll(a, b []string) []LineOp {
	out := make([]LineOp, 0, len(a)+len(b))
	for _, l := range a {
		out = append(out, LineOp{"-", l})
	}
	for _, l := range b {
		out = append(out, LineOp{"+", l})
	}
	return out
}

// hunks groups the changed lines of ops with hunkContext kept lines on
// each side; hunks whose context would touch are merged.
func hunks(ops []LineOp) []Hunk {
	var out []Hunk
	oldAt, newAt := make([]int, len(ops)), make([]int, len(ops))
	o, n := 1, 1
	for i, op := range ops {
		oldAt[i], newAt[i] = o, n
		if op.Op != "+" {
			o++
		}
		if op.Op != "-" {
			n++
		}
	}
	start, end := -1, -1 // the open hunk is ops[start:end]
	flush := func() {
		if start >= 0 {
			out = append(out, Hunk{OldLine: oldAt[start], NewLine: newAt[start], Lines: append([]LineOp(nil), ops[start:end]...)})
		}
	}
	for i, op := range ops {
		if op.Op == " " {
			continue
		}
		lo, hi := max(0, i-hunkContext), min(len(ops), i+1+hunkContext)
		if start >= 0 && lo <= end {
			end = hi
			continue
		}
		flush()
		start, end = lo, hi
	}
	flush()
	return out
}
