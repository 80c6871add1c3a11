"""The compliance board: one per ambito (and one per organ), for the Ufficio di Piano that manages it."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from assemblies import compliance, rules, selectors
from governance import selectors as governance_selectors


class AmbitoBoardView(LoginRequiredMixin, TemplateView):
    template_name = "assemblies/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ambito = governance_selectors.ambito_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_see_ambito_board(self.request.user, ambito):
            raise PermissionDenied
        board = compliance.ambito_board(ambito)
        return {
            **super().get_context_data(**kwargs),
            **compliance.board_context(board),
            "ambito": ambito,
            "subject": ambito,
            "reminders": compliance.reminders_of(ambito),
        }


class OrganBoardView(LoginRequiredMixin, TemplateView):
    template_name = "assemblies/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organ = selectors.organ_for(user=self.request.user, pk=self.kwargs["organ_pk"])
        if not rules.may_see_organ_board(self.request.user, organ):
            raise PermissionDenied
        board = compliance.organ_board(organ)
        return {**super().get_context_data(**kwargs), **compliance.board_context(board), "subject": organ}
