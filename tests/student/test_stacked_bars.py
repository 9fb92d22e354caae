"""charts.stacked_bars: the stacked-bar helper that keeps lesson 06's chart cell short."""

from __future__ import annotations

import pandas as pd
import pytest

from summit_course import charts

TABLE = pd.DataFrame({"gave_way": [1, 0, 1], "unclear": [4, 2, 2]}, index=["Russia", "North Korea", "Both sides"])


def _labels(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


def test_each_segment_names_its_count_and_column_and_empty_ones_stay_blank():
    fig, ax = charts.stacked_bars(TABLE, xlabel="Number of limits", ylabel="Withheld by", title="Outcomes")
    labels = _labels(ax)
    assert sorted(label for label in labels if label) == ["1 gave way", "1 gave way", "2 unclear", "2 unclear",
                                                          "4 unclear"]
    assert labels.count("") == 1  # North Korea has no gave_way segment
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("Number of limits", "Withheld by", "Outcomes")
    assert len({tuple(bars.patches[0].get_facecolor()) for bars in ax.containers}) == 2


def test_three_columns_get_three_colours_and_text_is_refused():
    table = TABLE.assign(held=[0, 1, 0])
    _, ax = charts.stacked_bars(table, xlabel="x", ylabel="y", title="t")
    assert len({tuple(bars.patches[0].get_facecolor()) for bars in ax.containers}) == 3
    with pytest.raises(ValueError):
        charts.stacked_bars(TABLE.assign(note=["a", "b", "c"]), xlabel="x", ylabel="y", title="t")
