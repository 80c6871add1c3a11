"""Sections that apps above governance add to governance's detail pages (imports keep pointing down).

An app registers, in its AppConfig.ready(), a panel for a model: a template and a function that
returns that template's context for one object and one user. Detail views render every panel.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Panel:
    model: type[models.Model]
    template_name: str
    context: Callable[[Any, Any], dict[str, Any]]  # (obj, user) -> context
    order: int = 100


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def panels_for(obj: models.Model, user: Any) -> list[dict[str, Any]]:
    rendered = []
    for panel in sorted(_panels, key=lambda item: item.order):
        if isinstance(obj, panel.model):
            rendered.append({"template_name": panel.template_name, **panel.context(obj, user)})
    return rendered
