"""What every plot shares: the figure or axes it draws on, the check of its argument and the
colours. A module of its own so that a result class can draw itself (``Trajectories.plot``) and
:mod:`adva.plots` can draw the same result, without the two importing each other. matplotlib is
imported when a figure is made, never with the package; figures are made without pyplot (no global
state, Agg-safe)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _args
from .errors import InvalidTypeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def of(name: str, value: Any, kind: type) -> Any:
    """``value`` when it is a ``kind``, else InvalidTypeError naming the argument."""
    if not isinstance(value, kind):
        raise InvalidTypeError.make("adva.python.type", name, f"must be an adva.{kind.__name__}", _args.seen(value))
    return value


def figure(ax: Any, size: tuple[float, float] = (8, 5)) -> tuple[Figure, Axes]:
    """The figure of ``ax`` and ``ax`` itself, or a new figure with one axes when ``ax`` is None."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if ax is not None:
        return of("ax", ax, Axes).figure, ax

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def colours(n: int) -> list[tuple[float, float, float, float]]:
    """``n`` distinct colours (tab10, or tab20 beyond ten)."""
    from matplotlib import colormaps

    cmap = colormaps["tab20" if n > 10 else "tab10"]
    return [cmap(k % cmap.N) for k in range(n)]
