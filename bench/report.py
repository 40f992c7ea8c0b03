"""Plain-text output: section headings, aligned tables, sizes and times."""


def section(title: str) -> None:
    print()
    print(f"== {title} " + "=" * max(0, 76 - len(title)))


def subsection(title: str) -> None:
    print()
    print(f"-- {title}")


def table(headers: list[str], rows: list[list[object]], left: int = 1) -> None:
    """Print rows under headers; the first `left` columns align left, the others right."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [
            cell.ljust(width) if column < left else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    print(line(cells[0]))
    print("  ".join("-" * width for width in widths))
    for row in cells[1:]:
        print(line(row))


def kb(size: int) -> str:
    return f"{size / 1000:.1f}"


def ms(value: float) -> str:
    return f"{value:.2f} ms"


def ok(passed: bool) -> str:
    return "ok" if passed else "OVER BUDGET"
