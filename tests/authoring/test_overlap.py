"""``summit-course overlap``: runs of 8+ words copied from a source text are listed, a cited title is not."""

from __future__ import annotations

from summit_course.cli import main


def test_a_copied_run_is_listed_and_an_allowed_title_is_not(fresh_course, tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text("Some say: Fixture lesson ninety, a hook about counting things, as always.", encoding="utf-8")
    assert main(["--root", str(fresh_course), "overlap", str(source)]) == 1
    out = capsys.readouterr().out
    assert ('solutions/90-fixture.ipynb: copies 8 words from article.txt: "fixture lesson ninety a hook about '
            'counting things"') in out and out.rstrip().endswith("1 copied run(s) of 8+ words")
    assert main(["--root", str(fresh_course), "overlap", str(tmp_path), "--allow",
                 "Fixture lesson ninety: a hook about counting things"]) == 0
    assert main(["--root", str(fresh_course), "overlap", str(source), "--words", "9"]) == 0
