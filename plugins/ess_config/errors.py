"""A settings file that cannot describe a site: said once, clearly, before anything is read."""


class ConfigError(Exception):
    """Raised with every problem of the settings at once (one per line)."""

    def __init__(self, problems: list[str], source: str = "the settings"):
        self.problems = problems
        self.source = source
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"{self.source}: {problem}" for problem in self.problems]
        return "\n".join(lines)
