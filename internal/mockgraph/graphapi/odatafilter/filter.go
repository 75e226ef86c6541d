// Package odatafilter is a small OData $filter parser for the subset this API
// accepts: comparisons of a property path with a literal, joined by "and",
// optionally parenthesised.
//
//	filter     = conjunction EOF
//	conjunction = primary { "and" primary }
//	primary    = "(" conjunction ")" | comparison
//	comparison = path operator literal
//	path       = identifier { "/" identifier }
//	operator   = "eq" | "ne" | "gt" | "ge" | "lt" | "le"
//	literal    = 'string' (quote doubled inside) | true | false | null | integer
//
// Everything else ("or", "not", functions, lambdas, other literals) is
// rejected with a message naming what was found and where.
package odatafilter

import (
	"fmt"
	"strconv"
	"strings"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokIdent
	tokString
	tokNumber
	tokLParen
	tokRParen
	tokSlash
	tokComma
)

type token struct {
	kind tokenKind
	text string // identifier, decoded string, or number text
	pos  int    // byte offset in the filter, for messages
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "the end of the filter"
	case tokString:
		return fmt.Sprintf("string literal %s at position %d", quoteLiteral(t.text), t.pos)
	default:
		return fmt.Sprintf("%q at position %d", t.text, t.pos)
	}
}

// maxFilterLength and maxFilterDepth bound the work a hostile filter can cause.
const (
	maxFilterLength = 4096
	maxFilterDepth  = 32
)

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c == '@'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// tokenize splits a filter into tokens.
func tokenize(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '(' || c == ')' || c == '/' || c == ',':
			kind := map[byte]tokenKind{'(': tokLParen, ')': tokRParen, '/': tokSlash, ',': tokComma}[c]
			toks = append(toks, token{kind: kind, text: string(c), pos: i})
			i++
		case c == '\'':
			start := i
			var b strings.Builder
			i++
			closed := false
			for i < len(s) {
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				b.WriteByte(s[i])
				i++
			}
			if !closed {
				return nil, fmt.Errorf("unterminated string literal starting at position %d", start)
			}
			toks = append(toks, token{kind: tokString, text: b.String(), pos: start})
		case isDigit(c) || c == '-' && i+1 < len(s) && isDigit(s[i+1]):
			start := i
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			if i < len(s) && (isIdentPart(s[i]) || s[i] == ':') {
				j := i
				for j < len(s) && (isIdentPart(s[j]) || s[j] == ':') {
					j++
				}
				return nil, fmt.Errorf("unsupported literal %q at position %d: only strings in single quotes, true, false, null and integers are supported", s[start:j], start)
			}
			toks = append(toks, token{kind: tokNumber, text: s[start:i], pos: start})
		case isIdentStart(c):
			start := i
			for i < len(s) && isIdentPart(s[i]) {
				i++
			}
			toks = append(toks, token{kind: tokIdent, text: s[start:i], pos: start})
		default:
			return nil, fmt.Errorf("unexpected character %q at position %d", rune(c), i)
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(s)}), nil
}

// Kind is the type of a literal or of a filterable property.
type Kind int

// Kinds of literals and properties; KindNull is the kind of the null
// literal only.
const (
	KindString Kind = iota
	KindBool
	KindInt
	KindNull
)

func (k Kind) edmName() string {
	switch k {
	case KindBool:
		return "Edm.Boolean"
	case KindInt:
		return "Edm.Int32"
	case KindNull:
		return "null"
	default:
		return "Edm.String"
	}
}

type literal struct {
	kind Kind
	str  string
	b    bool
	n    int64
}

func (l literal) String() string {
	switch l.kind {
	case KindBool:
		return strconv.FormatBool(l.b)
	case KindInt:
		return strconv.FormatInt(l.n, 10)
	case KindNull:
		return "null"
	default:
		return quoteLiteral(l.str)
	}
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// comparison is "path op literal".
type comparison struct {
	path string // segments joined with "/"
	op   string
	lit  literal
}

func (c comparison) String() string {
	return c.path + " " + c.op + " " + c.lit.String()
}

// Expr is a conjunction of comparisons.
type Expr struct {
	terms []comparison
}

// String renders the filter in canonical form; parsing it again yields the
// same expression.
func (f *Expr) String() string {
	parts := make([]string, len(f.terms))
	for i, t := range f.terms {
		parts[i] = t.String()
	}
	return strings.Join(parts, " and ")
}

var comparisonOperators = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}

type filterParser struct {
	toks  []token
	i     int
	depth int
}

// Parse parses a $filter value.
func Parse(s string) (*Expr, error) {
	if len(s) > maxFilterLength {
		return nil, fmt.Errorf("the filter is longer than %d characters", maxFilterLength)
	}
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("the filter is empty")
	}
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &filterParser{toks: toks}
	f := &Expr{}
	if err := p.conjunction(f); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		if t.kind == tokIdent && (t.text == "or" || t.text == "and") {
			return nil, p.unsupportedKeyword(t)
		}
		return nil, fmt.Errorf("expected \"and\" or the end of the filter, found %s", t.describe())
	}
	return f, nil
}

func (p *filterParser) peek() token { return p.toks[p.i] }

func (p *filterParser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *filterParser) unsupportedKeyword(t token) error {
	switch t.text {
	case "or":
		return fmt.Errorf("the \"or\" operator (position %d) is not supported by this API; only comparisons joined by \"and\" are", t.pos)
	case "not":
		return fmt.Errorf("the \"not\" operator (position %d) is not supported by this API", t.pos)
	default:
		return fmt.Errorf("unexpected %s", t.describe())
	}
}

func (p *filterParser) conjunction(f *Expr) error {
	for {
		if err := p.primary(f); err != nil {
			return err
		}
		t := p.peek()
		if t.kind != tokIdent || t.text != "and" {
			return nil
		}
		p.next()
	}
}

func (p *filterParser) primary(f *Expr) error {
	t := p.peek()
	if t.kind == tokLParen {
		p.depth++
		if p.depth > maxFilterDepth {
			return fmt.Errorf("parentheses nested deeper than %d levels", maxFilterDepth)
		}
		p.next()
		if err := p.conjunction(f); err != nil {
			return err
		}
		if c := p.next(); c.kind != tokRParen {
			if c.kind == tokIdent && c.text == "or" {
				return p.unsupportedKeyword(c)
			}
			return fmt.Errorf("expected \")\" to close the parenthesis at position %d, found %s", t.pos, c.describe())
		}
		p.depth--
		return nil
	}
	c, err := p.comparison()
	if err != nil {
		return err
	}
	f.terms = append(f.terms, c)
	return nil
}

func (p *filterParser) comparison() (comparison, error) {
	t := p.next()
	switch {
	case t.kind == tokIdent && (t.text == "not" || t.text == "or" || t.text == "and"):
		return comparison{}, p.unsupportedKeyword(t)
	case t.kind != tokIdent || t.text == "true" || t.text == "false" || t.text == "null":
		return comparison{}, fmt.Errorf("expected a property name, found %s", t.describe())
	}
	segs := []string{t.text}
	for p.peek().kind == tokSlash {
		p.next()
		s := p.next()
		if s.kind != tokIdent {
			return comparison{}, fmt.Errorf("expected a property name after \"/\", found %s", s.describe())
		}
		segs = append(segs, s.text)
	}
	path := strings.Join(segs, "/")
	if p.peek().kind == tokLParen {
		return comparison{}, fmt.Errorf("function %q (position %d) is not supported by this API", path, t.pos)
	}
	op := p.next()
	if op.kind != tokIdent || !comparisonOperators[op.text] {
		return comparison{}, fmt.Errorf("expected a comparison operator (eq, ne, gt, ge, lt, le) after %q, found %s", path, op.describe())
	}
	lit, err := p.literal()
	if err != nil {
		return comparison{}, err
	}
	return comparison{path: path, op: op.text, lit: lit}, nil
}

func (p *filterParser) literal() (literal, error) {
	t := p.next()
	switch t.kind {
	case tokString:
		return literal{kind: KindString, str: t.text}, nil
	case tokNumber:
		n, err := strconv.ParseInt(t.text, 10, 32)
		if err != nil {
			return literal{}, fmt.Errorf("integer literal %s at position %d is out of range", t.text, t.pos)
		}
		return literal{kind: KindInt, n: n}, nil
	case tokIdent:
		switch t.text {
		case "true", "false":
			return literal{kind: KindBool, b: t.text == "true"}, nil
		case "null":
			return literal{kind: KindNull}, nil
		}
	}
	return literal{}, fmt.Errorf("expected a literal (a string in single quotes, true, false, null or an integer), found %s", t.describe())
}

// Schema maps the filterable property paths of an entity type to their kinds.
type Schema map[string]Kind

// Check validates the filter against the properties of typeName.
func (f *Expr) Check(typeName string, schema Schema) error {
	for _, t := range f.terms {
		kind, ok := schema[t.path]
		if !ok {
			return fmt.Errorf("could not find a property named %q on type %q that supports filtering", t.path, typeName)
		}
		if t.lit.kind != KindNull && t.lit.kind != kind {
			return fmt.Errorf("a binary operator with incompatible types was detected: found operand types %q and %q for operator %q in %q",
				kind.edmName(), t.lit.kind.edmName(), t.op, t.String())
		}
		if kind != KindInt && t.op != "eq" && t.op != "ne" {
			return fmt.Errorf("operator %q is not supported on property %q; use eq or ne", t.op, t.path)
		}
	}
	return nil
}

// Match evaluates the filter on one entity; get returns the value of a
// property path (string, bool or int64).
func (f *Expr) Match(get func(path string) any) bool {
	for _, t := range f.terms {
		if !t.match(get(t.path)) {
			return false
		}
	}
	return true
}

func (c comparison) match(v any) bool {
	if c.lit.kind == KindNull {
		switch c.op {
		case "eq":
			return v == nil
		case "ne":
			return v != nil
		}
		return false
	}
	var cmp int
	switch v := v.(type) {
	case string:
		cmp = strings.Compare(v, c.lit.str)
	case bool:
		if v != c.lit.b {
			cmp = 1
		}
	case int64:
		switch {
		case v < c.lit.n:
			cmp = -1
		case v > c.lit.n:
			cmp = 1
		}
	default:
		return false
	}
	switch c.op {
	case "eq":
		return cmp == 0
	case "ne":
		return cmp != 0
	case "gt":
		return cmp > 0
	case "ge":
		return cmp >= 0
	case "lt":
		return cmp < 0
	default:
		return cmp <= 0
	}
}

// HasTenantScope reports whether the filter pins the tenant scope
// (scopeId eq '/' and scopeType eq 'DirectoryRole') and says nothing else
// about the scope.
func (f *Expr) HasTenantScope() bool {
	var id, typ bool
	for _, t := range f.terms {
		switch t.path {
		case "scopeId":
			if t.op != "eq" || t.lit.kind != KindString || t.lit.str != "/" {
				return false
			}
			id = true
		case "scopeType":
			if t.op != "eq" || t.lit.kind != KindString || t.lit.str != "DirectoryRole" {
				return false
			}
			typ = true
		}
	}
	return id && typ
}
