"""axe-core in the browser tests (F-PLUS-11): WCAG 2.1 A and AA rules on a page as the user sees it.

axe-core comes bundled in the PyPI package axe-playwright-python (a dev extra of pyproject.toml). Its source
is injected with ``page.evaluate`` — a CDP evaluation, which the strict CSP of the site does not govern (an
inline ``<script>`` would be refused), so the pages are checked under their real policy, no bypass_csp.
"""

from functools import cache
from pathlib import Path

import axe_playwright_python

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's best practices hold the landmark, heading-order and empty-header rules the issue asks for too
RULE_TAGS = [*WCAG_21_AA, "best-practice"]


@cache
def axe_source():
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, tags=RULE_TAGS):
    """The violations of the WCAG 2.1 A/AA rules (and axe's best practices: landmarks, heading order) that
    axe-core finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags))
    return result["violations"]


def describe(violations, where=""):
    """A readable list: rule, impact, help, and the first nodes with their failure summary."""
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:4]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]} — {summary[:220]}")
    return "\n".join(lines)


def chart_problems(page):
    """Each chart's data must be available as text: a <canvas> is hidden from assistive technology inside an
    aria-hidden figure whose table follows, or is role=img with a label and aria-describedby to a table."""
    return page.evaluate("""() => [...document.querySelectorAll('canvas')].flatMap(c => {
        const where = c.id || c.className || 'canvas';
        if (c.closest('[aria-hidden=true]')) {
            const box = c.closest('[aria-hidden=true]');
            let next = box.nextElementSibling, table = null;
            while (next && !table) { table = next.matches('table') ? next : next.querySelector('table');
                                     next = next.nextElementSibling; }
            return table && table.querySelector('tbody tr') ? [] : [where + ': hidden chart without a table after it'];
        }
        const ids = (c.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
        const tables = ids.map(id => document.getElementById(id)).filter(
            el => el && (el.matches('table') || el.querySelector('table')));
        if (c.getAttribute('role') !== 'img' || !c.getAttribute('aria-label')) return [where + ': no role=img/label'];
        return tables.length ? [] : [where + ': aria-describedby names no table'];
    })""")
