"""An executed notebook as a page for readers: outputs only, offline, linked to the index, stamped."""
from __future__ import annotations

import base64
import functools

import nbformat

# The lab template minus everything it would fetch from a CDN (require.js,
# MathJax, Mermaid, widgets): reports must open with no network.
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.dxcompare_css }}</style>{%- endblock html_head_css -%}
{%- block body_header -%}{{ super() }}
<nav class="dx-nav"><a href="index.html">&larr; Mục lục / Index</a></nav>
{%- endblock body_header -%}
{% block body_footer %}
<footer class="dx-stamp">{{ resources.dxcompare_stamp | e }}</footer>
{{ super() }}
{% endblock body_footer %}
"""
# Tables as a reader expects them: text left and top-aligned (values are right-aligned by each table's own
# rules, from dxcompare.present.render). The selectors outrank the lab theme and pandas' own <style scoped>.
_READER_CSS = """
.jp-RenderedHTMLCommon table.dataframe tbody tr td, .jp-RenderedHTMLCommon table.dataframe tbody tr th,
.jp-RenderedHTMLCommon table.dataframe thead tr th { text-align: left; vertical-align: top; max-width: 34em; }
.jp-RenderedHTMLCommon table.dataframe thead tr th { vertical-align: bottom; }
.jp-RenderedHTMLCommon blockquote { border-left: 4px solid #0072B2; background: #f4f8fb; margin: .5em 0;
  padding: .4em .8em; color: inherit; }
.jp-RenderedHTMLCommon img, .jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-OutputArea-output { overflow-x: auto; }
.dx-nav, .dx-stamp { font-size: .85rem; color: #555; margin: .6em 1em; }
.dx-nav a { color: #0072B2; }
"""


@functools.cache
def _exporter():
    """One HTML exporter per process: loading its templates and CSS is most of a conversion's cost."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"dxcompare.html.j2": _TEMPLATE})],
                        template_file="dxcompare.html.j2", exclude_input=True, language_code="vi",
                        exclude_input_prompt=True, exclude_output_prompt=True)


def to_html(nb, title: str, stamp: str = "") -> str:
    """HTML for readers: outputs only, no code, no prompts, nothing loaded from the network; a link back to
    the index on top, the version / data stamp at the foot. Table alignment comes with each table's HTML
    (`dxcompare.present.render`); nothing is rewritten here."""
    reader_nb = nbformat.from_dict(nb)
    reader_nb.cells = [c for c in reader_nb.cells if c.cell_type != "code" or c.get("outputs")]
    body, _ = _exporter().from_notebook_node(reader_nb, resources={"metadata": {"name": title},
                                                                    "dxcompare_css": _READER_CSS,
                                                                    "dxcompare_stamp": stamp})
    return body


FIGURE_TYPES = {"image/png": "png", "image/svg+xml": "svg", "application/pdf": "pdf"}


def figures(nb) -> list[dict[str, bytes]]:
    """Per figure of the notebook, {suffix: bytes} for each format it was embedded in (PNG always)."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = o.get("data", {})
            if "image/png" not in data:
                continue
            out.append({suffix: data[kind].encode("utf-8") if kind == "image/svg+xml" else base64.b64decode(data[kind])
                        for kind, suffix in FIGURE_TYPES.items() if kind in data})
    return out


def pngs(nb) -> list[bytes]:
    return [f["png"] for f in figures(nb)]
