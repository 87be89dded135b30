package report

// A small XPath 1.0 evaluator for the IATI Standard ruleset test
// (iati_rules_test.go): the expressions rulesets/standard.json uses, over
// a tree parsed with encoding/xml. It covers location paths (child and
// attribute steps, "..", "//", text(), "*" and "descendant::"), predicates
// (boolean and positional), unions, or/and, the comparisons with XPath's
// node-set semantics, + and -, string and number literals, and the
// functions count, not, number, string, sum and boolean. Anything else is
// a parse error, so that a rule the evaluator cannot read fails the test
// loudly instead of passing unread.

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
)

const xmlNS = "http://www.w3.org/XML/1998/namespace"

// xnode is an element, attribute or text node.
type xnode struct {
	kind     byte // 'r' root, 'e' element, 'a' attribute, 't' text
	name     string
	value    string // attributes and text
	parent   *xnode
	children []*xnode // elements and text, in document order
	attrs    []*xnode
}

func parseXML(r io.Reader) (*xnode, error) {
	dec := xml.NewDecoder(r)
	root := &xnode{kind: 'r'}
	cur := root
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			el := &xnode{kind: 'e', name: t.Name.Local, parent: cur}
			for _, a := range t.Attr {
				name := a.Name.Local
				if a.Name.Space == xmlNS || a.Name.Space == "xml" {
					name = "xml:" + name
				} else if a.Name.Space != "" {
					name = a.Name.Space + ":" + name
				}
				el.attrs = append(el.attrs, &xnode{kind: 'a', name: name, value: a.Value, parent: el})
			}
			cur.children = append(cur.children, el)
			cur = el
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				cur.children = append(cur.children, &xnode{kind: 't', value: string(t), parent: cur})
			}
		}
	}
}

// text is the string-value of a node.
func (n *xnode) text() string {
	if n.kind == 'a' || n.kind == 't' {
		return n.value
	}
	var b strings.Builder
	for _, c := range n.children {
		b.WriteString(c.text())
	}
	return b.String()
}

// xvalue is an XPath value: a node-set, string, number or boolean.
type xvalue struct {
	kind  byte // 'n' nodes, 's' string, 'f' number, 'b' boolean
	nodes []*xnode
	s     string
	f     float64
	b     bool
}

func (v xvalue) boolean() bool {
	switch v.kind {
	case 'n':
		return len(v.nodes) > 0
	case 's':
		return v.s != ""
	case 'f':
		return v.f != 0 && !math.IsNaN(v.f)
	}
	return v.b
}

func toNumber(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || strings.ContainsAny(s, "eE") || strings.Contains(strings.ToLower(s), "inf") || strings.Contains(strings.ToLower(s), "nan") {
		return math.NaN()
	}
	return f
}

func (v xvalue) number() float64 {
	switch v.kind {
	case 'n':
		if len(v.nodes) == 0 {
			return math.NaN()
		}
		return toNumber(v.nodes[0].text())
	case 's':
		return toNumber(v.s)
	case 'f':
		return v.f
	}
	if v.b {
		return 1
	}
	return 0
}

func (v xvalue) str() string {
	switch v.kind {
	case 'n':
		if len(v.nodes) == 0 {
			return ""
		}
		return v.nodes[0].text()
	case 's':
		return v.s
	case 'f':
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	}
	return strconv.FormatBool(v.b)
}

// ---- parser ----

type xtoken struct {
	kind string // "name", "str", "num", "op", "eof"
	s    string
}

func lexXPath(src string) ([]xtoken, error) {
	var out []xtoken
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '\'' || c == '"':
			j := strings.IndexByte(src[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unterminated string in %q", src)
			}
			out = append(out, xtoken{"str", src[i+1 : i+1+j]})
			i += j + 2
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			out = append(out, xtoken{"num", src[i:j]})
			i = j
		case strings.HasPrefix(src[i:], "//"), strings.HasPrefix(src[i:], "!="), strings.HasPrefix(src[i:], "<="),
			strings.HasPrefix(src[i:], ">="), strings.HasPrefix(src[i:], ".."), strings.HasPrefix(src[i:], "::"):
			out = append(out, xtoken{"op", src[i : i+2]})
			i += 2
		case strings.ContainsRune("/[]()@=<>|+-*,.$", rune(c)):
			out = append(out, xtoken{"op", string(c)})
			i++
		case c == '_' || unicode.IsLetter(rune(c)):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '-' || src[j] == '.' || src[j] == ':' && j+1 < len(src) && src[j+1] != ':' ||
				unicode.IsLetter(rune(src[j])) || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			out = append(out, xtoken{"name", src[i:j]})
			i = j
		default:
			return nil, fmt.Errorf("unexpected %q in %q", c, src)
		}
	}
	return append(out, xtoken{kind: "eof"}), nil
}

// xexpr evaluates against a context node, its position and the size of
// its context.
type xexpr func(ctx *xnode, pos, size int) xvalue

type xparser struct {
	toks []xtoken
	i    int
	src  string
}

func compileXPath(src string) (xexpr, error) {
	toks, err := lexXPath(src)
	if err != nil {
		return nil, err
	}
	p := &xparser{toks: toks, src: src}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != "eof" {
		return nil, fmt.Errorf("unexpected %q in %q", p.peek().s, src)
	}
	return e, nil
}

func (p *xparser) peek() xtoken { return p.toks[p.i] }
func (p *xparser) isOp(s string) bool {
	t := p.peek()
	return t.kind == "op" && t.s == s
}
func (p *xparser) isName(s string) bool {
	t := p.peek()
	return t.kind == "name" && t.s == s
}
func (p *xparser) next() xtoken { t := p.toks[p.i]; p.i++; return t }
func (p *xparser) expect(s string) error {
	if !p.isOp(s) {
		return fmt.Errorf("expected %q at %q in %q", s, p.peek().s, p.src)
	}
	p.i++
	return nil
}

func (p *xparser) or() (xexpr, error) {
	l, err := p.and()
	for err == nil && p.isName("or") {
		p.i++
		var r xexpr
		if r, err = p.and(); err == nil {
			a, b := l, r
			l = func(c *xnode, pos, size int) xvalue {
				return xvalue{kind: 'b', b: a(c, pos, size).boolean() || b(c, pos, size).boolean()}
			}
		}
	}
	return l, err
}

func (p *xparser) and() (xexpr, error) {
	l, err := p.compare()
	for err == nil && p.isName("and") {
		p.i++
		var r xexpr
		if r, err = p.compare(); err == nil {
			a, b := l, r
			l = func(c *xnode, pos, size int) xvalue {
				return xvalue{kind: 'b', b: a(c, pos, size).boolean() && b(c, pos, size).boolean()}
			}
		}
	}
	return l, err
}

func (p *xparser) compare() (xexpr, error) {
	l, err := p.additive()
	for err == nil && (p.isOp("=") || p.isOp("!=") || p.isOp("<") || p.isOp(">") || p.isOp("<=") || p.isOp(">=")) {
		op := p.next().s
		var r xexpr
		if r, err = p.additive(); err == nil {
			a, b := l, r
			l = func(c *xnode, pos, size int) xvalue {
				return xvalue{kind: 'b', b: compareValues(op, a(c, pos, size), b(c, pos, size))}
			}
		}
	}
	return l, err
}

// compareValues is XPath 1.0's comparison: a node-set compares true when
// some node's string-value does.
func compareValues(op string, a, b xvalue) bool {
	if a.kind == 'n' {
		for _, n := range a.nodes {
			if compareValues(op, xvalue{kind: 's', s: n.text()}, b) {
				return true
			}
		}
		return false
	}
	if b.kind == 'n' {
		for _, n := range b.nodes {
			if compareValues(op, a, xvalue{kind: 's', s: n.text()}) {
				return true
			}
		}
		return false
	}
	if op == "=" || op == "!=" {
		var eq bool
		switch {
		case a.kind == 'b' || b.kind == 'b':
			eq = a.boolean() == b.boolean()
		case a.kind == 'f' || b.kind == 'f':
			eq = a.number() == b.number()
		default:
			eq = a.str() == b.str()
		}
		return eq == (op == "=")
	}
	x, y := a.number(), b.number()
	switch op {
	case "<":
		return x < y
	case ">":
		return x > y
	case "<=":
		return x <= y
	}
	return x >= y
}

func (p *xparser) additive() (xexpr, error) {
	l, err := p.union()
	for err == nil && (p.isOp("+") || p.isOp("-")) {
		op := p.next().s
		var r xexpr
		if r, err = p.union(); err == nil {
			a, b := l, r
			l = func(c *xnode, pos, size int) xvalue {
				x, y := a(c, pos, size).number(), b(c, pos, size).number()
				if op == "-" {
					y = -y
				}
				return xvalue{kind: 'f', f: x + y}
			}
		}
	}
	return l, err
}

func (p *xparser) union() (xexpr, error) {
	l, err := p.path()
	for err == nil && p.isOp("|") {
		p.i++
		var r xexpr
		if r, err = p.path(); err == nil {
			a, b := l, r
			l = func(c *xnode, pos, size int) xvalue {
				x, y := a(c, pos, size), b(c, pos, size)
				if x.kind != 'n' || y.kind != 'n' {
					panic("xpath: union of a value that is not a node-set")
				}
				return xvalue{kind: 'n', nodes: uniqueNodes(append(append([]*xnode{}, x.nodes...), y.nodes...))}
			}
		}
	}
	return l, err
}

func uniqueNodes(ns []*xnode) []*xnode {
	seen := map[*xnode]bool{}
	out := ns[:0]
	for _, n := range ns {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// xstep maps a node to the nodes one step selects.
type xstep struct {
	axis  string // "child", "attribute", "parent", "self", "descendant-or-self", "descendant"
	test  string // a name, "*", "text()" or "node()"
	preds []xexpr
}

func (p *xparser) path() (xexpr, error) {
	t := p.peek()
	// A primary expression: literal, number, function call, parentheses.
	switch {
	case t.kind == "str":
		p.i++
		return func(*xnode, int, int) xvalue { return xvalue{kind: 's', s: t.s} }, nil
	case t.kind == "num":
		p.i++
		f, err := strconv.ParseFloat(t.s, 64)
		if err != nil {
			return nil, err
		}
		return func(*xnode, int, int) xvalue { return xvalue{kind: 'f', f: f} }, nil
	case t.kind == "op" && t.s == "-":
		p.i++
		e, err := p.path()
		if err != nil {
			return nil, err
		}
		return func(c *xnode, pos, size int) xvalue { return xvalue{kind: 'f', f: -e(c, pos, size).number()} }, nil
	case t.kind == "op" && t.s == "(":
		p.i++
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		return e, p.expect(")")
	case t.kind == "name" && p.toks[p.i+1].kind == "op" && p.toks[p.i+1].s == "(" && t.s != "text" && t.s != "node":
		return p.call()
	}
	absolute := false
	var steps []xstep
	if p.isOp("/") || p.isOp("//") {
		absolute = true
		if p.next().s == "//" {
			steps = append(steps, xstep{axis: "descendant-or-self", test: "node()"})
		}
	}
	for {
		st, err := p.step()
		if err != nil {
			return nil, err
		}
		steps = append(steps, st)
		if p.isOp("/") {
			p.i++
			continue
		}
		if p.isOp("//") {
			p.i++
			steps = append(steps, xstep{axis: "descendant-or-self", test: "node()"})
			continue
		}
		break
	}
	return func(c *xnode, _, _ int) xvalue {
		cur := []*xnode{c}
		if absolute {
			for cur[0].parent != nil {
				cur[0] = cur[0].parent
			}
		}
		for _, st := range steps {
			cur = st.apply(cur)
		}
		return xvalue{kind: 'n', nodes: cur}
	}, nil
}

func (p *xparser) step() (xstep, error) {
	st := xstep{axis: "child"}
	switch {
	case p.isOp(".."):
		p.i++
		return xstep{axis: "parent", test: "node()"}, nil
	case p.isOp("."):
		p.i++
		return xstep{axis: "self", test: "node()"}, nil
	case p.isOp("@"):
		p.i++
		st.axis = "attribute"
	case p.peek().kind == "name" && p.toks[p.i+1].kind == "op" && p.toks[p.i+1].s == "::":
		st.axis = p.next().s
		p.i++
		if st.axis != "descendant" && st.axis != "child" && st.axis != "attribute" {
			return st, fmt.Errorf("axis %s:: not supported in %q", st.axis, p.src)
		}
	}
	switch t := p.next(); {
	case t.kind == "op" && t.s == "*":
		st.test = "*"
	case t.kind == "name" && (t.s == "text" || t.s == "node"):
		if err := p.expect("("); err != nil {
			return st, err
		}
		if err := p.expect(")"); err != nil {
			return st, err
		}
		st.test = t.s + "()"
	case t.kind == "name":
		st.test = t.s
	default:
		return st, fmt.Errorf("expected a step at %q in %q", t.s, p.src)
	}
	for p.isOp("[") {
		p.i++
		e, err := p.or()
		if err != nil {
			return st, err
		}
		if err := p.expect("]"); err != nil {
			return st, err
		}
		st.preds = append(st.preds, e)
	}
	return st, nil
}

func (st xstep) matches(n *xnode) bool {
	switch st.test {
	case "node()":
		return true
	case "text()":
		return n.kind == 't'
	case "*":
		return n.kind == 'e' || n.kind == 'a'
	}
	return (n.kind == 'e' || n.kind == 'a') && n.name == st.test
}

func descendants(n *xnode, out []*xnode) []*xnode {
	for _, c := range n.children {
		out = append(out, c)
		out = descendants(c, out)
	}
	return out
}

func (st xstep) apply(in []*xnode) []*xnode {
	var out []*xnode
	for _, n := range in {
		var cand []*xnode
		switch st.axis {
		case "child":
			cand = n.children
		case "attribute":
			cand = n.attrs
		case "parent":
			if n.parent != nil {
				cand = []*xnode{n.parent}
			}
		case "self":
			cand = []*xnode{n}
		case "descendant":
			cand = descendants(n, nil)
		case "descendant-or-self":
			cand = descendants(n, []*xnode{n})
		}
		var sel []*xnode
		for _, c := range cand {
			if st.matches(c) {
				sel = append(sel, c)
			}
		}
		// Predicates filter per context node, with positions within it.
		for _, pred := range st.preds {
			var kept []*xnode
			for i, c := range sel {
				v := pred(c, i+1, len(sel))
				if v.kind == 'f' {
					if int(v.f) == i+1 && v.f == math.Trunc(v.f) {
						kept = append(kept, c)
					}
				} else if v.boolean() {
					kept = append(kept, c)
				}
			}
			sel = kept
		}
		out = append(out, sel...)
	}
	return uniqueNodes(out)
}

func (p *xparser) call() (xexpr, error) {
	name := p.next().s
	p.i++ // "("
	var args []xexpr
	for !p.isOp(")") {
		a, err := p.or()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.isOp(",") {
			p.i++
		} else if !p.isOp(")") {
			return nil, fmt.Errorf("expected , or ) in %q", p.src)
		}
	}
	p.i++
	arity := map[string]int{"count": 1, "not": 1, "number": 1, "string": 1, "sum": 1, "boolean": 1}
	if n, ok := arity[name]; !ok || n != len(args) {
		return nil, fmt.Errorf("function %s with %d arguments not supported in %q", name, len(args), p.src)
	}
	a := args[0]
	return func(c *xnode, pos, size int) xvalue {
		v := a(c, pos, size)
		switch name {
		case "count":
			return xvalue{kind: 'f', f: float64(len(v.nodes))}
		case "not":
			return xvalue{kind: 'b', b: !v.boolean()}
		case "number":
			return xvalue{kind: 'f', f: v.number()}
		case "string":
			return xvalue{kind: 's', s: v.str()}
		case "boolean":
			return xvalue{kind: 'b', b: v.boolean()}
		}
		sum := 0.0
		for _, n := range v.nodes {
			sum += toNumber(n.text())
		}
		return xvalue{kind: 'f', f: sum}
	}, nil
}
