// The syntax tree the parser produces and the evaluator walks: readonly data, discriminated unions on `kind`; and
// namesIn, the names a tree mentions.
//
// Conventions:
// - Every node has `span` (see Span: 1-based, code-point columns, exclusive end). As in CPython, parentheses
//   around an expression are not part of its own span (tuples excepted), but are part of the span of a node
//   built around it: in `(a + b) * c` the inner BinOp starts at `a`, the outer one at `(`.
// - Operator nodes (BinOp, UnaryOp, AugAssign, Compare) also keep the operator's own span, so a runtime error
//   such as a shape mismatch in `a * b` can point at `*` as well as at the whole expression.
// - Assignment, `for`, `del` and comprehension targets are ordinary expressions already checked by the parser:
//   Name, Attribute, Subscript, Tuple/List of targets, and (inside a Tuple/List, at most one) Starred.
// - Depth: bracket nesting is at most 200 and prefix-operator / `**` / conditional nesting is bounded by the
//   parser, but left-associative chains (`a.b.c...`, `f()()`, `a + b + c ...`) are as deep as the source makes
//   them; a recursive evaluator should guard its own stack.
import type { Span } from './tokens'

export type { Span } from './tokens'

// ---------------------------------------------------------------------------------------------- expressions

export type Expr =
  | Name
  | IntLiteral
  | FloatLiteral
  | StrLiteral
  | BytesLiteral
  | FString
  | BoolLiteral
  | NoneLiteral
  | EllipsisLiteral
  | Tuple
  | List
  | SetDisplay
  | Dict
  | ListComp
  | SetComp
  | DictComp
  | GeneratorExp
  | Starred
  | Attribute
  | Subscript
  | Slice
  | Call
  | UnaryOp
  | BinOp
  | BoolOp
  | Compare
  | IfExp
  | Lambda

export interface Name {
  readonly kind: 'Name'
  readonly id: string
  readonly span: Span
}

/** An integer literal; bigint keeps `10**12`-sized and larger literals exact. */
export interface IntLiteral {
  readonly kind: 'Int'
  readonly value: bigint
  readonly span: Span
}

export interface FloatLiteral {
  readonly kind: 'Float'
  readonly value: number
  readonly span: Span
}

/** A str literal, after escape decoding and adjacent-literal concatenation (`'a' 'b'` is one node). */
export interface StrLiteral {
  readonly kind: 'Str'
  readonly value: string
  readonly span: Span
}

export interface BytesLiteral {
  readonly kind: 'Bytes'
  /** Byte values 0..255. */
  readonly value: readonly number[]
  readonly span: Span
}

/** An f-string (possibly concatenated with plain strings): text and formatted fields in order. */
export interface FString {
  readonly kind: 'FString'
  readonly parts: readonly FStringPart[]
  readonly span: Span
}

export type FStringPart = FStringText | FStringField

export interface FStringText {
  readonly kind: 'text'
  readonly value: string
}

/** `{value!conversion:formatSpec}`. A self-documenting `{x=}` becomes text `x=` then a field with conversion 'r'. */
export interface FStringField {
  readonly kind: 'field'
  readonly value: Expr
  readonly conversion: 'r' | 's' | 'a' | null
  /** The format spec, itself text and nested fields; null when absent. */
  readonly formatSpec: readonly FStringPart[] | null
  readonly span: Span
}

export interface BoolLiteral {
  readonly kind: 'Bool'
  readonly value: boolean
  readonly span: Span
}

export interface NoneLiteral {
  readonly kind: 'None'
  readonly span: Span
}

/** `...` (Ellipsis), e.g. in `a[..., 0]`. */
export interface EllipsisLiteral {
  readonly kind: 'Ellipsis'
  readonly span: Span
}

/** `()`, `(x,)`, `a, b`; also the index of `a[i, j]` (possibly holding Slices). */
export interface Tuple {
  readonly kind: 'Tuple'
  readonly elts: readonly Expr[]
  readonly span: Span
}

export interface List {
  readonly kind: 'List'
  readonly elts: readonly Expr[]
  readonly span: Span
}

/** `{a, b}` (never empty: `{}` is a Dict). */
export interface SetDisplay {
  readonly kind: 'Set'
  readonly elts: readonly Expr[]
  readonly span: Span
}

export interface Dict {
  readonly kind: 'Dict'
  readonly entries: readonly DictEntry[]
  readonly span: Span
}

/** `key: value`, or `**mapping` (kind 'unpack'). */
export type DictEntry =
  | { readonly kind: 'pair'; readonly key: Expr; readonly value: Expr }
  | { readonly kind: 'unpack'; readonly value: Expr }

/** `for target in iter if cond1 if cond2`; `iter` and `ifs` are disjunctions (no bare conditional expression). */
export interface Comprehension {
  readonly target: Expr
  readonly iter: Expr
  readonly ifs: readonly Expr[]
  readonly span: Span
}

/** `[elt for ... in ... if ...]`; several `generators` nest left to right, the first outermost. */
export interface ListComp {
  readonly kind: 'ListComp'
  readonly elt: Expr
  readonly generators: readonly Comprehension[]
  readonly span: Span
}

export interface SetComp {
  readonly kind: 'SetComp'
  readonly elt: Expr
  readonly generators: readonly Comprehension[]
  readonly span: Span
}

export interface DictComp {
  readonly kind: 'DictComp'
  readonly key: Expr
  readonly value: Expr
  readonly generators: readonly Comprehension[]
  readonly span: Span
}

/** `(x for x in y)`, including the bare form that is the sole argument of a call: `sum(x for x in y)`. */
export interface GeneratorExp {
  readonly kind: 'GeneratorExp'
  readonly elt: Expr
  readonly generators: readonly Comprehension[]
  readonly span: Span
}

/** `*value`: only as an element of a List/Tuple/Set display or target (call arguments use Argument 'star'). */
export interface Starred {
  readonly kind: 'Starred'
  readonly value: Expr
  readonly span: Span
}

export interface Attribute {
  readonly kind: 'Attribute'
  readonly value: Expr
  readonly attr: string
  /** The attribute name alone, for errors like "has no attribute". */
  readonly attrSpan: Span
  readonly span: Span
}

/**
 * `value[index]`. `a[i]` has index `i`; `a[1:2]` a Slice; `a[i, j]`, `a[:, None]` and `a[..., 0]` a Tuple whose
 * elements may be Slices; `a[(i, j)]` is the same Tuple index, as in Python.
 */
export interface Subscript {
  readonly kind: 'Subscript'
  readonly value: Expr
  readonly index: Expr
  readonly span: Span
}

/** `lower:upper:step` inside a subscript only; omitted parts are null (`a[::2]` has lower and upper null). */
export interface Slice {
  readonly kind: 'Slice'
  readonly lower: Expr | null
  readonly upper: Expr | null
  readonly step: Expr | null
  readonly span: Span
}

/**
 * `func(args)`. The parser enforces Python's order rules (no positional after keyword or `**`, no `*` after `**`)
 * and rejects repeated keyword names.
 */
export interface Call {
  readonly kind: 'Call'
  readonly func: Expr
  readonly args: readonly Argument[]
  readonly span: Span
}

export type Argument = PositionalArgument | StarArgument | KeywordArgument | DoubleStarArgument

export interface PositionalArgument {
  readonly kind: 'positional'
  readonly value: Expr
  readonly span: Span
}

/** `*iterable` */
export interface StarArgument {
  readonly kind: 'star'
  readonly value: Expr
  readonly span: Span
}

/** `name=value` */
export interface KeywordArgument {
  readonly kind: 'keyword'
  readonly name: string
  readonly nameSpan: Span
  readonly value: Expr
  readonly span: Span
}

/** `**mapping` */
export interface DoubleStarArgument {
  readonly kind: 'doublestar'
  readonly value: Expr
  readonly span: Span
}

export type UnaryOperator = '+' | '-' | '~' | 'not'

export interface UnaryOp {
  readonly kind: 'UnaryOp'
  readonly op: UnaryOperator
  readonly operand: Expr
  readonly opSpan: Span
  readonly span: Span
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^'

/** A binary operation; `**` is right-associative (`2**3**2` is `2**(3**2)`), the rest left-associative. */
export interface BinOp {
  readonly kind: 'BinOp'
  readonly op: BinaryOperator
  readonly left: Expr
  readonly right: Expr
  /** The operator token, e.g. the `*` of `a * b`. */
  readonly opSpan: Span
  readonly span: Span
}

/** `a and b and c` is one node with three values (short-circuit left to right). */
export interface BoolOp {
  readonly kind: 'BoolOp'
  readonly op: 'and' | 'or'
  readonly values: readonly Expr[]
  readonly span: Span
}

export type CompareOperator = '<' | '>' | '==' | '>=' | '<=' | '!=' | 'in' | 'not in' | 'is' | 'is not'

/** A comparison chain: `a < b < c` has left `a`, ops `['<', '<']`, comparators `[b, c]`. */
export interface Compare {
  readonly kind: 'Compare'
  readonly left: Expr
  readonly ops: readonly CompareOperator[]
  readonly comparators: readonly Expr[]
  /** One span per operator (`not in` / `is not` span both words). */
  readonly opSpans: readonly Span[]
  readonly span: Span
}

/** `body if test else orelse` */
export interface IfExp {
  readonly kind: 'IfExp'
  readonly test: Expr
  readonly body: Expr
  readonly orelse: Expr
  readonly span: Span
}

export interface Lambda {
  readonly kind: 'Lambda'
  readonly params: Parameters
  readonly body: Expr
  readonly span: Span
}

// ---------------------------------------------------------------------------------------------- functions

/** One parameter; `annotation` is always null for lambdas. */
export interface Parameter {
  readonly name: string
  readonly annotation: Expr | null
  readonly default: Expr | null
  readonly span: Span
}

/**
 * `def f(a, b=1, *args, c, d=2, **kwargs)`: `positional` = a, b; `vararg` = args; `kwonly` = c, d; `kwarg` =
 * kwargs. Positional-only parameters (`/`) are rejected by the parser. Names are unique.
 */
export interface Parameters {
  readonly positional: readonly Parameter[]
  readonly vararg: Parameter | null
  readonly kwonly: readonly Parameter[]
  readonly kwarg: Parameter | null
}

// ---------------------------------------------------------------------------------------------- statements

export type Stmt =
  | ExprStmt
  | Assign
  | AugAssign
  | AnnAssign
  | For
  | While
  | If
  | FunctionDef
  | Return
  | Delete
  | Pass
  | Break
  | Continue
  | Import
  | ImportFrom
  | Global
  | Nonlocal
  | Assert
  | Raise
  | With

export interface ExprStmt {
  readonly kind: 'ExprStmt'
  readonly value: Expr
  readonly span: Span
}

/** `t1 = t2 = value`: targets in source order, assigned left to right after evaluating `value` once. */
export interface Assign {
  readonly kind: 'Assign'
  readonly targets: readonly Expr[]
  readonly value: Expr
  readonly span: Span
}

/** `target op= value`; the target is a Name, Attribute or Subscript. */
export interface AugAssign {
  readonly kind: 'AugAssign'
  readonly target: Expr
  /** The binary operator, without the `=`: `+=` has op '+'. */
  readonly op: BinaryOperator
  readonly value: Expr
  readonly opSpan: Span
  readonly span: Span
}

/** `target: annotation [= value]`; the target is a Name, Attribute or Subscript. */
export interface AnnAssign {
  readonly kind: 'AnnAssign'
  readonly target: Expr
  readonly annotation: Expr
  readonly value: Expr | null
  readonly span: Span
}

export interface For {
  readonly kind: 'For'
  readonly target: Expr
  readonly iter: Expr
  readonly body: readonly Stmt[]
  /** The `else:` block (runs when the loop was not left by `break`); empty when absent. */
  readonly orelse: readonly Stmt[]
  readonly span: Span
}

export interface While {
  readonly kind: 'While'
  readonly test: Expr
  readonly body: readonly Stmt[]
  readonly orelse: readonly Stmt[]
  readonly span: Span
}

/** `if` then any `elif`s as a flat list of branches (tried in order), then the `else` block (empty when absent). */
export interface If {
  readonly kind: 'If'
  readonly branches: readonly IfBranch[]
  readonly orelse: readonly Stmt[]
  readonly span: Span
}

export interface IfBranch {
  readonly test: Expr
  readonly body: readonly Stmt[]
  /** From the `if`/`elif` keyword to the end of its block. */
  readonly span: Span
}

export interface FunctionDef {
  readonly kind: 'FunctionDef'
  readonly name: string
  readonly nameSpan: Span
  readonly params: Parameters
  readonly returns: Expr | null
  readonly body: readonly Stmt[]
  /** Decorator expressions, top to bottom (applied bottom-up). */
  readonly decorators: readonly Expr[]
  readonly span: Span
}

export interface Return {
  readonly kind: 'Return'
  readonly value: Expr | null
  readonly span: Span
}

/** `del a, b[0]`: targets are Name, Attribute, Subscript or Tuple/List of those. */
export interface Delete {
  readonly kind: 'Delete'
  readonly targets: readonly Expr[]
  readonly span: Span
}

export interface Pass {
  readonly kind: 'Pass'
  readonly span: Span
}

/** Only inside a loop body (the parser checks, as CPython's compiler does). */
export interface Break {
  readonly kind: 'Break'
  readonly span: Span
}

export interface Continue {
  readonly kind: 'Continue'
  readonly span: Span
}

/** `import a.b.c as d, e`: each alias names a dotted module. Which modules exist is the evaluator's call. */
export interface Import {
  readonly kind: 'Import'
  readonly names: readonly ImportAlias[]
  readonly span: Span
}

/** `from ..module import a as b, c` or `from module import *` (a single alias with name `*`). */
export interface ImportFrom {
  readonly kind: 'ImportFrom'
  /** Dotted module name; null for `from . import x`. */
  readonly module: string | null
  /** Number of leading dots (relative import); 0 for absolute. */
  readonly level: number
  readonly names: readonly ImportAlias[]
  readonly span: Span
}

export interface ImportAlias {
  /** Dotted for `import`, a single name (or `*`) for `from ... import`. */
  readonly name: string
  readonly asname: string | null
  readonly span: Span
}

export interface Global {
  readonly kind: 'Global'
  readonly names: readonly string[]
  readonly span: Span
}

export interface Nonlocal {
  readonly kind: 'Nonlocal'
  readonly names: readonly string[]
  readonly span: Span
}

export interface Assert {
  readonly kind: 'Assert'
  readonly test: Expr
  readonly msg: Expr | null
  readonly span: Span
}

/** `raise`, `raise exc`, `raise exc from cause`. */
export interface Raise {
  readonly kind: 'Raise'
  readonly exc: Expr | null
  readonly cause: Expr | null
  readonly span: Span
}

/** `with context [as name], ...:` block; the evaluator enters the contexts in order and exits them in reverse. */
export interface With {
  readonly kind: 'With'
  readonly items: readonly WithItem[]
  readonly body: readonly Stmt[]
  readonly span: Span
}

export interface WithItem {
  readonly context: Expr
  readonly name: string | null
  readonly nameSpan: Span | null
}

/** A whole source file. */
export interface Module {
  readonly kind: 'Module'
  readonly body: readonly Stmt[]
  readonly span: Span
}

export type Node = Module | Stmt | Expr

/** Every name a tree mentions (read or written), in the order met; comments and strings aside. */
export function namesIn(tree: Node | null): Set<string> {
  const names = new Set<string>()
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return
    if (Array.isArray(x)) return x.forEach(visit)
    const node = x as { kind?: unknown; id?: unknown }
    if (node.kind === 'Name' && typeof node.id === 'string') names.add(node.id)
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && typeof v === 'object') visit(v)
  }
  visit(tree)
  return names
}
