import ast
from pathlib import Path

from odoo.tests import BaseCase, tagged

ADDON = Path(__file__).resolve().parent.parent
# Every Python file of the addon but its tests and migrations: each sudo() says, in a comment
# right above its statement, why and what bounds it.
CHECKED = tuple(
    str(path.relative_to(ADDON))
    for path in sorted(ADDON.rglob("*.py"))
    if path.relative_to(ADDON).parts[0] not in ("tests", "migrations")
)


def undocumented_sudo(path):
    """Lines calling sudo() whose statement has no "# sudo: ..." comment above or in it."""
    lines = path.read_text().splitlines()
    statements = [
        node for node in ast.walk(ast.parse("\n".join(lines))) if isinstance(node, ast.stmt)
    ]
    found = []
    for number, line in enumerate(lines, 1):
        if ".sudo()" not in line or line.lstrip().startswith("#"):
            continue
        statement = min(
            (s for s in statements if s.lineno <= number <= s.end_lineno),
            key=lambda s: s.end_lineno - s.lineno,
        )
        above = statement.lineno - 1
        comments = []
        while above >= 1 and lines[above - 1].lstrip().startswith("#"):
            comments.append(lines[above - 1])
            above -= 1
        comments += [c for c in lines[statement.lineno - 1 : number] if c.lstrip().startswith("#")]
        if not any(c.lstrip().startswith("# sudo:") for c in comments):
            found.append(f"{path.relative_to(ADDON)}:{number}: {line.strip()}")
    return found


@tagged("post_install", "-at_install")
class TestSudoComments(BaseCase):
    def test_every_sudo_says_why_and_what_bounds_it(self):
        found = [line for name in CHECKED for line in undocumented_sudo(ADDON / name)]
        self.assertFalse(found, "sudo() without its '# sudo:' comment:\n" + "\n".join(found))
