"""What is made from a gradebook for people to read: the class report and each student's feedback page.

``report`` writes the instructor's class summary (who needs help, the hardest exercises, every
student, the score distribution) with ``items``, its item-analytics section, whose figures
``analytics`` computes from the grades and the students' journals; ``feedback`` writes one page
per student, to hand back; ``pages`` renders both from the Jinja2 templates in ``templates/``
(autoescaping on); ``outputs`` knows every file made from a gradebook and rewrites those the
grades have outdated. Nothing here changes a grade, and nothing here is in a student release
(that is :mod:`summit_course.publish`).
"""

from __future__ import annotations

from .feedback import write_feedback
from .report import write_report

__all__ = ["write_feedback", "write_report"]
