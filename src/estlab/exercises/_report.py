"""What ``estlab check`` found: one :class:`Result` per exercise, gathered in a :class:`Report`.

The texts inside (title, message, hint) arrive already in the student's language; the words
around them (PASS/FAIL, ``hint:``, the last line) are translated when the report is printed, in
the language the report was made in.
"""

import html
from dataclasses import dataclass

from estlab._i18n import N_, language, translate

__all__ = ["Result", "Report"]


@dataclass(frozen=True)
class Result:
    """The outcome of one exercise's check.

    Parameters
    ----------
    key : str
        ``"2.1"``.
    title : str
        The exercise's title.
    filename : str
        The student's file, relative to the working folder.
    passed : bool
    message : str
        Why it failed (a targeted hint), or ``""`` when it passed.
    hint : str
        A graded hint shown with the message when the mistake was not recognised, else ``""``.
    seconds : float
        Wall time of the check.
    lang : str, optional
        The language the report is printed in (default: the current one).

    Examples
    --------
    >>> print(Result("2.1", "Normal MLE", "ch02/normal_mle.py", True))
    PASS  2.1  Normal MLE  (ch02/normal_mle.py)
    """

    key: str
    title: str
    filename: str
    passed: bool
    message: str = ""
    hint: str = ""
    seconds: float = 0.0
    lang: str = None

    @property
    def status(self):
        """``"PASS"`` or ``"FAIL"`` (the same in every language: scripts may look for them)."""
        return "PASS" if self.passed else "FAIL"

    def __str__(self):
        with language(self.lang):
            lines = [f"{self.status}  {self.key}  {self.title}  ({self.filename})"]
            hint = translate("hint: {hint}").format(hint=self.hint) if self.hint else ""
        for text in (self.message, hint):
            lines.extend(f"      {line}" for line in text.splitlines())
        return "\n".join(lines)


class Report:
    """The results of checking one chapter (or several): readable as text and in a notebook.

    ``str(report)`` (and ``repr``) is what ``estlab check`` prints: one block per exercise and
    last the line ``N passed, N failed``. In Jupyter the report renders as a table.

    Parameters
    ----------
    results : list of Result
    title : str
        First line of the text form, e.g. ``"Chapter 2: /home/me/estlab-exercises/ch02"``.
    lang : str, optional
        The language of the words around the results (default: the current one).

    Examples
    --------
    >>> report = Report([Result("2.1", "Normal MLE", "ch02/normal_mle.py", True),
    ...                  Result("2.2", "Poisson interval", "ch02/poisson_interval.py", False,
    ...                         "not implemented yet")])
    >>> report.passed, report.failed, report.ok
    (1, 1, False)
    >>> print(report)
    PASS  2.1  Normal MLE  (ch02/normal_mle.py)
    FAIL  2.2  Poisson interval  (ch02/poisson_interval.py)
          not implemented yet
    1 passed, 1 failed
    """

    def __init__(self, results, title="", lang=None):
        self.results = list(results)
        self.title = title
        self.lang = lang

    @property
    def passed(self):
        """Number of exercises that passed."""
        return sum(r.passed for r in self.results)

    @property
    def failed(self):
        """Number of exercises that failed."""
        return len(self.results) - self.passed

    @property
    def ok(self):
        """True when every exercise passed (what the exit code of ``estlab check`` reports)."""
        return self.failed == 0

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)

    def __getitem__(self, key):
        """The result of exercise ``key`` (``"2.1"``) or the ``key``-th result (an int)."""
        if isinstance(key, str):
            for result in self.results:
                if result.key == key:
                    return result
            raise KeyError(translate("no exercise {key!r} in this report; it holds {keys}")
                           .format(key=key, keys=[r.key for r in self.results]))
        return self.results[key]

    def summary(self):
        """The last line: ``"N passed, N failed"``."""
        with language(self.lang):
            return translate("{passed} passed, {failed} failed").format(passed=self.passed,
                                                                        failed=self.failed)

    def __str__(self):
        lines = [self.title] if self.title else []
        lines += [str(r) for r in self.results]
        lines.append(self.summary())
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        with language(self.lang):
            return self._html()

    def _html(self):
        rows = []
        for r in self.results:
            colour = "#1b7f3b" if r.passed else "#b3261e"
            detail = html.escape(r.message)
            if r.hint:
                detail += f"<br><em>{html.escape(translate('hint:'))}</em> {html.escape(r.hint)}"
            rows.append(
                f"<tr><td style='color:{colour};font-weight:bold'>{r.status}</td>"
                f"<td>{html.escape(r.key)}</td><td>{html.escape(r.title)}</td>"
                f"<td><code>{html.escape(r.filename)}</code></td>"
                f"<td style='text-align:left;white-space:pre-wrap'>{detail}</td></tr>")
        caption = html.escape(self.title) if self.title else ""
        heads = "".join(f"<th>{html.escape(translate(h))}</th>" for h in _COLUMNS)
        return (f"<table><caption style='text-align:left'>{caption}</caption>"
                f"<thead><tr><th></th><th>#</th>{heads}"
                f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                f"<p><strong>{html.escape(self.summary())}</strong></p>")


_COLUMNS = (N_("exercise"), N_("file"), N_("feedback"))  # the table's headings in a notebook
