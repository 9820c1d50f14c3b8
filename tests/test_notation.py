"""One notation: notebook 1's table lists every symbol the notebooks' formulas use, each with one
meaning everywhere.

The table in notebook 1 ("The notation of this course") is the authority. This test reads the
math of every notebook (the ``$...$`` and ``$$...$$`` spans of its Markdown cells), splits it
into symbols (``\\mathsf{X}``, ``k_h``, ``\\eta``, ``a'``, ...) and fails on
- a symbol the table lacks, and
- a symbol of the table used with a second meaning, as far as the form of a formula shows it:
  the offsets and positions (a, b, i, j, ...) may only stand where an index stands (inside
  ``[...]``, under a sum, in a tuple ``(a, b)``), and the bias ``u`` never does (``u`` as an
  offset, or ``b`` as a bias, is the clash this catches); the layer's weight W, of shape
  (c_o, c_i, k_h, k_w), is indexed by channels and offsets, never by a position
  (``W[i, j, i', j']`` for a dense layer's weights is such a clash);
- a row of the table that gives a letter of another row a second meaning: an array with a
  subscript is one of its channels (X_c, K_c), so K_1 and K_2 for two kernels in a row would
  also read as channels 1 and 2 of K.
The tests at the end plant such clashes and check that they are caught.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TABLE_NOTEBOOK = ROOT / "notebooks" / "01_cross_correlation.ipynb"
TABLE_HEADING = "## The notation of this course"

# Written with LaTeX, meaning no symbol of the course: operators, functions, layout.
GENERIC = {
    r"\sum", r"\prod", r"\max", r"\min", r"\frac", r"\partial", r"\sqrt", r"\cos", r"\cdot",
    r"\times", r"\approx", r"\le", r"\ge", r"\lt", r"\gt", r"\ne", r"\lVert", r"\rVert",
    r"\lfloor", r"\rfloor", r"\left", r"\right", r"\top", r"\dots", r"\ldots", r"\infty",
    r"\pm", r"\in", r"\quad", r"\qquad", r"\leftarrow", r"\to", r"\begin", r"\end", r"\%",
    r"\,", r"\;", r"\!", r"\\", r"\mathbb", r"\log", r"\ln", r"\exp",
}
# Only where an index stands: inside [...], under a sum, or in a tuple such as (a, b).
INDEX_ONLY = {"a", "b", "a'", "b'", "i", "j", "i'", "j'", "o", "c"}
# A span of these alone is arithmetic on positions (``0 \le a < k_h``, ``\delta a``,
# ``i (n_w - k_w + 1) + j``): every symbol in it stands as an index.
POSITIONS = INDEX_ONLY | {"k_h", "k_w", "n_h", "n_w", "s_h", "s_w", "p_h", "p_w", "k", "n", "s",
                          "p", r"\delta"}
# Never where an index stands.
VALUE_ONLY = {"u"}
# Forms that give a symbol of the table another meaning: L is a number of layers, not the loss.
FORBIDDEN = {"L": re.compile(r"\\partial\s*L\b|L\s*=\s*\\sum")}
# The layer's weight, (c_o, c_i, k_h, k_w): indexed by channels and offsets, never by a position.
WEIGHT_INDEX = re.compile(r"\\mathsf\{W\}\s*\[([^\[\]]*)\]")
POSITIONS_ONLY = {"i", "j", "i'", "j'"}
# The row of the table that makes a subscript of an array one of its channels.
CHANNEL_ROW = "channel $c$ of them"

NAMES = re.compile(r"\\(?:text|operatorname|mathrm|mathbb)\{[^{}]*\}|\\(?:begin|end)\{[^{}]*\}")
SUBSCRIPT = r"(?:_\{[^{}]*\}|_(?:\\[A-Za-z]+|[A-Za-z0-9]))?"
TOKEN = re.compile(
    r"(?P<sym>(?:\\(?:hat|tilde)\{\\math(?:sf|bf)\{[A-Za-z]\}\}|\\math(?:sf|bf)\{[A-Za-z]\})'*"
    + SUBSCRIPT + ")"
    r"|(?P<cmd>\\[A-Za-z]+'*" + SUBSCRIPT + r"|\\[,;!%\\])"
    r"|(?P<letter>[A-Za-z]'*" + SUBSCRIPT + ")")


def math_spans(source):
    """Return the math of a Markdown cell's source: the texts of its $$...$$ and $...$ spans."""
    source = re.sub(r"`[^`]*`", "", source)  # code is not math
    return [m.group(1) or m.group(2)
            for m in re.finditer(r"\$\$(.+?)\$\$|\$([^$]+?)\$", source, re.S)]


def normal(token):
    """Return a token written one way: ``n_{h}`` as ``n_h``, spaces dropped."""
    token = re.sub(r"\s+", "", token)
    return re.sub(r"_\{([A-Za-z0-9])\}$", r"_\1", token)


def tokens(span):
    """Yield (symbol, is_index) for every symbol of one math span.

    ``is_index`` is True where the symbol stands as an index: inside square brackets, in the
    subscript of a sum, max or product, or in a tuple of plain symbols such as ``(i + a, j)``.
    """
    text = NAMES.sub(" ", span)
    index_spans = []
    depth_stack = []
    for n, ch in enumerate(text):
        if ch == "[":
            depth_stack.append(n)
        elif ch == "]" and depth_stack:
            index_spans.append((depth_stack.pop(), n))
    for m in re.finditer(r"\\(?:sum|max|min|prod)_(\{[^{}]*\}|[A-Za-z]'*)", text):
        index_spans.append((m.start(1), m.end(1)))
    for m in re.finditer(r"\(([^()\[\]]*,[^()\[\]]*)\)", text):  # a tuple: (a, b), (i + a, j)
        index_spans.append((m.start(1), m.end(1)))
    for m in TOKEN.finditer(text):
        token = normal(m.group(0))
        if m.group("cmd") and token.split("_")[0] in GENERIC:
            continue
        inside = any(a <= m.start() < b for a, b in index_spans)
        yield token, inside


def table_rows():
    """Return the rows of notebook 1's notation table, each a line of Markdown."""
    nb = json.loads(TABLE_NOTEBOOK.read_text(encoding="utf-8"))
    tables = ["".join(c["source"]) for c in nb["cells"]
              if c["cell_type"] == "markdown" and TABLE_HEADING in "".join(c["source"])]
    assert len(tables) == 1, f"one cell of notebook 1 holds {TABLE_HEADING!r}"
    rows = [line for line in tables[0].splitlines() if line.startswith("|")]
    assert len(rows) > 10, "the notation table has its rows"
    return rows


def row_symbols(row):
    """Return the symbols one row of the table writes (its math, every column)."""
    return {token for span in math_spans(row) for token, _ in tokens(span)}


def table_symbols():
    """Return the symbols notebook 1's notation table writes (its math, every column)."""
    return {token for row in table_rows() for token in row_symbols(row)}


def subscript_clashes(rows):
    """Return what gives an array's subscript a second meaning across the rows of the table.

    One row makes a subscript of an array one of its channels (X_c, K_c); an array written
    with a number as subscript in another row (K_1, K_2 for two kernels) then also reads as
    that channel of the array: two meanings for one symbol.
    """
    channel_rows = [row for row in rows if CHANNEL_ROW in row]
    assert len(channel_rows) == 1, f"one row of the table says {CHANNEL_ROW!r}"
    found = []
    for row in rows:
        if row in channel_rows:
            continue
        for token in sorted(row_symbols(row)):
            if re.fullmatch(r"\\math(?:sf|bf)\{[A-Za-z]\}_[0-9]", token):
                found.append(f"{token} in the row {row.split('|')[1].strip()!r} also reads as "
                             f"channel {token[-1]} of the array ({CHANNEL_ROW})")
    return found


def problems(span, known):
    """Return what is wrong with one span: unknown symbols, symbols out of their place."""
    found = []
    stripped = span.strip().rstrip(".,:;")
    named = re.fullmatch(r"[A-Za-z]'*(\s*=.*)?", stripped, re.S) is not None  # "$a$", "$a = r - i$"
    for token, pattern in FORBIDDEN.items():
        if pattern.search(span):
            found.append(f"{token!r} stands for something else than in the table")
    for m in WEIGHT_INDEX.finditer(span):
        inside = {normal(t) for t in re.split(r"[,\s+\-]+", m.group(1)) if t}
        if inside & POSITIONS_ONLY:
            found.append("'\\mathsf{W}' indexed by a position: the layer's weight is indexed by "
                         "channels and offsets (o, c, a, b)")
    found_tokens = list(tokens(span))
    arithmetic = all(token in POSITIONS for token, _ in found_tokens)
    for token, is_index in found_tokens:
        is_index = is_index or arithmetic
        if token not in known:
            found.append(f"{token!r} is not in notebook 1's table")
        elif token in INDEX_ONLY and not is_index and not named:
            found.append(f"{token!r} (an offset or position) stands as a value")
        elif token in VALUE_ONLY and is_index:
            found.append(f"{token!r} (the bias) stands as an index")
    return found


def notebook_math(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            for span in math_spans("".join(cell["source"])):
                yield n, span


@pytest.fixture(scope="module")
def known():
    return table_symbols()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_symbol_is_in_the_table_with_its_one_meaning(path, known):
    wrong = [f"cell {n}: ${span.strip()}$: {problem}"
             for n, span in notebook_math(path) for problem in problems(span, known)]
    assert not wrong, f"{path.name}:\n" + "\n".join(wrong)


def test_the_table_has_the_symbols_the_course_decided(known):
    for symbol in [r"\mathsf{X}", r"\mathsf{K}", r"\mathsf{Y}", "u", r"\star", r"\eta", r"\ell",
                   r"\delta", r"\lambda_{\max}", "a", "b", "i", "j", "k_h", "n_h", "p_h", "s_h",
                   "c_i", "c_o", "d_x", "d_y"]:
        assert normal(symbol) in known, symbol


@pytest.mark.parametrize("span, expected", [
    (r"\mathsf{Y} = \mathsf{X} \star \mathsf{K} + b", "'b' (an offset or position) stands as"),
    (r"\mathsf{Y}[i, j] = \sum_{u, v} \mathsf{X}[i + u, j + v]\, \mathsf{K}[u, v]",
     "'u' (the bias) stands as an index"),
    (r"\ell = \sum_{i,j} (\hat{\mathsf{Y}}_{ij} - \mathsf{Y}_{ij})^2", "is not in notebook 1's"),
    (r"\mathsf{W}[i, j, r, c]", "'r' is not in notebook 1's table"),
    (r"27C^2", "'C' is not in notebook 1's table"),
    (r"\partial L / \partial \mathsf{X}", "'L' stands for something else"),
    (r"\mathsf{Y}[i, j] = \sum_{i'} \sum_{j'} \mathsf{W}[i, j, i', j']\, \mathsf{X}[i', j']",
     "indexed by a position"),
    (r"\mathsf{W}[i, j, i + a, j + b]", "indexed by a position"),
])
def test_a_planted_clash_is_caught(known, span, expected):
    assert any(expected in p for p in problems(span, known)), problems(span, known)


def test_no_row_of_the_table_gives_an_array_s_subscript_a_second_meaning():
    assert subscript_clashes(table_rows()) == []


def test_a_planted_row_with_numbered_kernels_is_caught():
    planted = r"| two kernels in a row | $\mathsf{K}_1$, $\mathsf{K}_2$ | `K1`, `K2` |"
    rows = table_rows() + [planted]
    clashes = subscript_clashes(rows)
    assert len(clashes) == 2 and all("also reads as channel" in c for c in clashes), clashes


def test_the_weight_indexed_by_channels_and_offsets_passes(known):
    assert problems(r"\mathsf{W}[o, c, a, b]", known) == []
    assert problems(r"\mathsf{W}[o, c]\, \mathsf{X}[c, i, j]", known) == []


@pytest.mark.parametrize("span", [
    r"\mathsf{Y}[i, j] = u + \sum_{a=0}^{k_h - 1} \sum_{b=0}^{k_w - 1} \mathsf{X}[i + a,\, j + b]"
    r"\; \mathsf{K}[a, b].",
    r"\mathsf{K} \leftarrow \mathsf{K} - \eta\, \partial \ell / \partial \mathsf{K}",
    r"(a, b)", "a",
])
def test_the_course_s_own_forms_pass(known, span):
    assert problems(span, known) == []
