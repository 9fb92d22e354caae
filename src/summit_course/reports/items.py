"""The report's item analytics section: a chart per figure (with alt text), a table, and a CSV.

The figures come from :mod:`summit_course.reports.analytics`; their definitions are there and
in docs/instructors.md. A class of fewer than five students gets counts ("2 of 3"), never
percentages, and a visible caution.
"""

from __future__ import annotations

from pathlib import Path

from ..gradebook.exports import format_points
from ..gradebook.files import write_rows
from .analytics import SMALL_CLASS, ItemStats, item_stats, journal_notes, ratio
from .pages import Markup, render_markup

__all__ = ["CSV_HEADERS", "ITEM_HEADERS", "csv_rows", "item_rows", "item_section", "write_items_csv"]

ITEM_HEADERS = ["exercise", "students", "awaiting manual scores", "passed", "median checks to a pass", "journals",
                "used every hint", "discrimination", "public checks pass, hidden fail", "possibly unclear"]
ITEM_CLASSES = ["n", "n", "n", "n", "n", "n", "n", "n", "n", "n"]
CSV_HEADERS = ["exercise", "students", "awaiting_manual_scores", "passed", "share_passed", "journals",
               "median_checks_to_pass", "hints",
               "used_every_hint", "share_used_every_hint", "discrimination", "upper_third_passed",
               "lower_third_passed", "third_size", "public_passed", "hidden_failed", "share_hidden_failed",
               "possibly_unclear", "small_class"]
#: What an exercise whose every answer awaits its manual score shows instead of figures.
PENDING = "awaiting manual scores"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else ""


def _index(s: ItemStats) -> str:
    d = s.discrimination
    if d is None:  # awaiting scores, or too few scored students to rank in thirds
        return PENDING if s.awaiting else "–"
    return f"{d.index:+.2f}"


def _hint_text(s: ItemStats, small: bool) -> str:
    return "no hints" if not s.hints_available else ratio(s.every_hint, s.journals, small)


def _passed(s: ItemStats, small: bool) -> str:
    return PENDING if s.awaiting else ratio(s.passed, s.students, small)


def item_rows(stats: list[ItemStats], small: bool) -> list[list]:
    """The section's table: one row per exercise, counts for a small class."""
    return [[s.id, s.students, s.pending, _passed(s, small), format_points(s.median_checks, 1) or "–", s.journals,
             _hint_text(s, small), _index(s), ratio(s.hidden_failed, s.public_passed, small),
             "yes" if s.unclear else ""] for s in stats]


def csv_rows(stats: list[ItemStats], small: bool) -> list[list]:
    """The CSV's rows: counts and shares (two decimals), one row per exercise."""
    rows = []
    for s in stats:
        d = s.discrimination
        rows.append([s.id, s.students, s.pending, s.passed, "" if s.awaiting else _share(s.passed, s.students),
                     s.journals,
                     format_points(s.median_checks, 1), s.hints_available, s.every_hint,
                     _share(s.every_hint, s.journals) if s.hints_available else "",
                     format_points(d and d.index), format_points(d and d.upper),
                     format_points(d and d.lower), format_points(d and d.size),
                     s.public_passed, s.hidden_failed, _share(s.hidden_failed, s.public_passed),
                     "yes" if s.unclear else "", "yes" if small else ""])
    return rows


def write_items_csv(stats: list[ItemStats], path: Path, small: bool) -> Path:
    """Write the item table as CSV (UTF-8), atomically."""
    return write_rows(path, [CSV_HEADERS, *csv_rows(stats, small)])


def _bars(stats: list[ItemStats], values: list[float], labels: list[str], xlabel: str, alt: str,
          xlim=(0, 1.6), flagged=(), share=True):
    """One horizontal bar per exercise, its value written beside it (colour is never the only signal)."""
    from .. import charts

    fig, ax = charts.figure(7, max(2.0, 0.45 * len(stats) + 1))
    colours = [charts.OKABE_ITO[3] if s.id in flagged else charts.OKABE_ITO[0] for s in stats]
    bars = ax.barh(range(len(stats)), values, color=colours)
    ax.bar_label(bars, labels=labels, padding=3)
    ax.set_yticks(range(len(stats)), [f"Exercise {s.id}" for s in stats])
    ax.invert_yaxis()
    ax.set_xlim(*xlim)
    if xlim[0] < 0:
        ax.axvline(0, color="#444444", linewidth=0.8)
    if not share and xlim[0] >= 0:  # counts of checks
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if share:  # room on the right for the labels, but no axis past 100 %
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    ax.set_xlabel(xlabel)
    return charts.show(fig, alt=alt)


def _most(stats: list[ItemStats], values: list[float | None], labels: list[str], word: str = "Most") -> str:
    """The alt text's top three, leaving out exercises without the figure (None)."""
    ranked = sorted(((v, label, s.id) for v, label, s in zip(values, labels, stats) if v is not None),
                    key=lambda v: -v[0])[:3]
    if not ranked:
        return ""
    return f" {word}: " + ", ".join(f"{i} ({label})" for _, label, i in ranked) + "."


def _charts(stats: list[ItemStats], small: bool) -> list[tuple[str, object]]:
    """Each figure's heading and chart; the journal's two only when some student handed one in."""
    found = []
    if any(s.journals for s in stats):
        medians = [s.median_checks for s in stats]
        labels = [PENDING if s.awaiting else format_points(s.median_checks, 1) or "no pass in a journal" for s in stats]
        found.append(("Checks up to the first pass (median, from journals)", _bars(
            stats, [m or 0 for m in medians], labels, "median number of checks up to the first pass",
            "Horizontal bars: the median number of checks students ran up to their first pass, per exercise."
            + _most(stats, medians, labels), (0, max([m or 0 for m in medians] + [1]) * 1.3), share=False)))
        hinted = [s for s in stats if s.hints_available]
        shares = [s.every_hint / s.journals if s.journals else None for s in hinted]
        labels = [PENDING if s.awaiting else _hint_text(s, small) for s in hinted]
        if hinted:
            found.append(("Students who used every hint (from journals)", _bars(
                hinted, [v or 0 for v in shares], labels, "share of students with a journal who opened the last hint",
                "Horizontal bars: the share of students who opened every hint, per exercise with hints."
                + _most(hinted, shares, labels))))
    indexes = [s.discrimination.index if s.discrimination else None for s in stats]
    labels = [_index(s) for s in stats]
    found.append(("Discrimination: top third minus bottom third", _bars(
        stats, [v or 0 for v in indexes], labels,
        "share passing in the top third minus share passing in the bottom third",
        "Horizontal bars from -1 to 1: how much more often the top third of students by total passed each exercise "
        "than the bottom third." + _most(stats, [None if v is None else -v for v in indexes], labels, "Lowest"),
        (-1.15, 1.15), share=False)))
    shares = [s.hidden_failed / s.public_passed if s.public_passed else None for s in stats]
    labels = [PENDING if s.awaiting else ratio(s.hidden_failed, s.public_passed, small)
              + (" possibly unclear" if s.unclear else "") for s in stats]
    found.append(("Public checks pass, hidden checks fail", _bars(
        stats, [v or 0 for v in shares], labels, "share of students passing the public checks who fail a hidden one",
        "Horizontal bars: of the students whose public checks all passed, the share who failed a hidden check, "
        "per exercise; bars of possibly unclear exercises are marked." + _most(stats, shares, labels),
        flagged={s.id for s in stats if s.unclear})))
    return found


def item_section(summaries: list[dict], exercises: list[dict], csv_path: Path) -> Markup:
    """The report's "Item analytics" section (template ``items.html.j2``); writes its table to ``csv_path``."""
    stats = item_stats(summaries, exercises)
    students = max((s.students for s in stats), default=0)
    small = students < SMALL_CLASS
    write_items_csv(stats, csv_path, small)
    read, missing, notes = journal_notes(summaries)
    return render_markup(
        "items.html.j2", small=small, students=students, small_class=SMALL_CLASS, csv_name=Path(csv_path).name,
        journals_read=len(read), journals_missing=missing, journal_notes=notes,
        any_journal=any(s.journals for s in stats), headers=ITEM_HEADERS, classes=ITEM_CLASSES,
        rows=item_rows(stats, small),
        charts=[(title, Markup(chart._repr_html_())) for title, chart in _charts(stats, small)])
