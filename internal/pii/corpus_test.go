package pii

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// The corpus in testdata is the check's measure: case-note sentences that
// must be flagged (flag.txt, each with the kinds it holds) and sentences
// that must not (clean.txt). TestCorpus prints recall and precision over it
// and fails below the targets.

// Targets for TestCorpus.
const (
	recallTarget    = 0.95
	precisionTarget = 0.95
	corpusMinimum   = 150 // sentences in each file
)

// flagged is one line of flag.txt.
type flagged struct {
	kinds []Kind
	text  string
}

// corpusLines returns the sentences of a testdata file, skipping comments
// and blank lines.
func corpusLines(tb testing.TB, name string) []string {
	tb.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}

// loadCorpus reads both files and checks the annotations name real kinds.
func loadCorpus(tb testing.TB) (pos []flagged, neg []string) {
	tb.Helper()
	for _, line := range corpusLines(tb, "flag.txt") {
		kinds, text, ok := strings.Cut(line, " | ")
		if !ok {
			tb.Fatalf("flag.txt: no \" | \" in %q", line)
		}
		var c flagged
		c.text = text
		for _, k := range strings.Split(kinds, ",") {
			k := Kind(strings.TrimSpace(k))
			if _, known := kindInfo[k]; !known {
				tb.Fatalf("flag.txt: unknown kind %q in %q", k, line)
			}
			c.kinds = append(c.kinds, k)
		}
		pos = append(pos, c)
	}
	return pos, corpusLines(tb, "clean.txt")
}

func TestCorpus(t *testing.T) {
	pos, neg := loadCorpus(t)
	if len(pos) < corpusMinimum || len(neg) < corpusMinimum {
		t.Fatalf("the corpus has %d sentences to flag and %d not to, want at least %d of each", len(pos), len(neg), corpusMinimum)
	}
	perKind := map[Kind]int{}
	expected, found, right, wrong := 0, 0, 0, 0
	var misses, alarms []string
	for _, c := range pos {
		fs := Check(c.text)
		for _, k := range c.kinds {
			perKind[k]++
			expected++
			if slices.ContainsFunc(fs, func(f Finding) bool { return f.Kind == k }) {
				found++
			} else {
				misses = append(misses, string(k)+" in "+c.text+"\n\t\tfound "+describe(c.text, fs))
			}
		}
		for _, f := range fs {
			if slices.Contains(c.kinds, f.Kind) {
				right++
			} else {
				wrong++
				alarms = append(alarms, string(f.Kind)+" "+quote(c.text[f.Start:f.End])+" in "+c.text)
			}
		}
	}
	for _, text := range neg {
		for _, f := range Check(text) {
			wrong++
			alarms = append(alarms, string(f.Kind)+" "+quote(text[f.Start:f.End])+" in "+text)
		}
	}
	recall := float64(found) / float64(expected)
	precision := 1.0
	if right+wrong > 0 {
		precision = float64(right) / float64(right+wrong)
	}
	t.Logf("corpus: %d sentences to flag (%d expected findings), %d not to flag", len(pos), expected, len(neg))
	t.Logf("recall %.1f%% (%d of %d), precision %.1f%% (%d of %d findings right)",
		100*recall, found, expected, 100*precision, right, right+wrong)
	for _, m := range misses {
		t.Logf("missed: %s", m)
	}
	for _, a := range alarms {
		t.Logf("false alarm: %s", a)
	}
	if recall < recallTarget || precision < precisionTarget {
		t.Errorf("recall %.1f%% and precision %.1f%%, want at least %.0f%% and %.0f%%",
			100*recall, 100*precision, 100*recallTarget, 100*precisionTarget)
	}
	// Every kind is measured, not only the common ones.
	for k := range kindInfo {
		if perKind[k] < 5 {
			t.Errorf("the corpus has %d sentences with %s, want at least 5", perKind[k], k)
		}
	}
}

// quote wraps s in double quotes for a log line.
func quote(s string) string { return `"` + s + `"` }

// longPost is about 5,000 words of case-note prose built from the corpus,
// one sentence in four holding personal data, in paragraphs of six
// sentences, as a long forum post would be.
func longPost(tb testing.TB) string {
	pos, neg := loadCorpus(tb)
	var b strings.Builder
	words := 0
	for i := 0; words < 5000; i++ {
		s := neg[i%len(neg)]
		if i%4 == 3 {
			s = pos[(i/4)%len(pos)].text
		}
		if i > 0 {
			if i%6 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
		words += len(strings.Fields(s))
	}
	return b.String()
}

// BenchmarkCheckLongPost measures the check on a 5,000-word post; the
// target is well under a millisecond a kilobyte (over 1 MB/s), and it
// reports microseconds per kilobyte alongside MB/s.
func BenchmarkCheckLongPost(b *testing.B) {
	text := longPost(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Check(text)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/(float64(len(text))/1024), "µs/KB")
}

func TestLongPostShape(t *testing.T) {
	text := longPost(t)
	if n := len(strings.Fields(text)); n < 5000 || n > 5100 {
		t.Errorf("the long post has %d words, want about 5,000", n)
	}
	checkInvariants(t, text, Check(text))
}
