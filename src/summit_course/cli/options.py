"""argparse's parser, saying which option or command was meant when one is misspelled (as Python 3.14's
suggest_on_error)."""

from __future__ import annotations

import argparse
import difflib
import re

__all__ = ["SuggestingParser", "parse"]


class SuggestingParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` that remembers its option names, to suggest the closest."""

    def __init__(self, *args, **kwargs):
        self.option_names: list[str] = []  # before argparse adds --help
        self.commands: dict[str, SuggestingParser] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *names, **kwargs):
        self.option_names += [name for name in names if name.startswith("-")]
        return super().add_argument(*names, **kwargs)

    def error(self, message: str):
        """Stop with the usage and ``message``; an invalid choice (a misspelled command) gets the one meant."""
        wrong = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if wrong:
            close = difflib.get_close_matches(wrong.group(1), re.findall(r"'([^']*)'", wrong.group(2)), n=1,
                                              cutoff=0.6)
            if close:
                message = message.replace(f"'{wrong.group(1)}'", f"'{wrong.group(1)}' (did you mean '{close[0]}'?)", 1)
        super().error(message)

    def add_commands(self, **kwargs):
        """``add_subparsers``, its parsers of this class and remembered by name."""
        commands = self.add_subparsers(parser_class=SuggestingParser, **kwargs)
        adding = commands.add_parser

        def add_parser(name, **options):
            self.commands[name] = adding(name, **options)
            return self.commands[name]

        commands.add_parser = add_parser
        return commands


def parse(parser: SuggestingParser, argv) -> argparse.Namespace:
    """Parse ``argv``; an unknown option stops with the sub-command's usage and the option meant."""
    args, unknown = parser.parse_known_args(argv)
    if not unknown:
        return args
    command = parser.commands.get(getattr(args, "command", None), parser)
    known = command.option_names + parser.option_names
    hints = []
    for word in unknown:
        close = difflib.get_close_matches(word.split("=", 1)[0], known, n=1, cutoff=0.6) if word.startswith("-") else []
        hints.append(f"{word} (did you mean {close[0]}?)" if close else word)
    command.error("unrecognized arguments: " + ", ".join(hints))
    raise AssertionError("error() exits")  # pragma: no cover
